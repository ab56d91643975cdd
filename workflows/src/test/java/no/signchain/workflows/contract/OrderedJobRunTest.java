package no.signchain.workflows.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import no.signchain.workflows.job.JobSignerState;
import no.signchain.workflows.job.JobStatusChange;
import org.junit.jupiter.api.Test;

/**
 * The parts of an ordered job's run that decide without Temporal: the job's deadline, how a reported signer state maps
 * onto the signer's progress, and how a job that ended unsigned ends the contract. The run itself, with its commands,
 * is covered by {@link OrderedJobWorkflowTest} and the replay tests.
 */
class OrderedJobRunTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration PERIOD = Duration.ofDays(14);

    @Test
    void theJobsDeadlineIsTheEarliestSignerDeadline() {
        Instant late = NOW.plus(Duration.ofDays(20));
        Instant early = NOW.plus(Duration.ofDays(3));
        ContractPlan plan = plan(Arrays.asList(late, null, early));

        assertThat(OrderedJobRun.jobDeadline(plan, NOW)).isEqualTo(early);
    }

    @Test
    void withoutSignerDeadlinesTheJobRunsForTheDefaultPeriod() {
        assertThat(OrderedJobRun.jobDeadline(plan(null), NOW)).isEqualTo(NOW.plus(PERIOD));
        assertThat(OrderedJobRun.jobDeadline(plan(Arrays.asList(null, null, null)), NOW))
                .isEqualTo(NOW.plus(PERIOD));
    }

    @Test
    void everyReportedSignerStateMapsOntoASignerStatus() {
        // Walks every wire state, so a state the provider adds cannot go unmapped (the switch would not compile
        // either).
        for (JobSignerState state : JobSignerState.values()) {
            SignerStatus status = OrderedJobRun.signerStatusAfter(position(state), SignerStatus.READY);
            SignerStatus expected = switch (state) {
                case WAITING -> SignerStatus.READY;
                case SIGNED -> SignerStatus.SIGNED;
                case REJECTED -> SignerStatus.REJECTED;
                case EXPIRED -> SignerStatus.EXPIRED;
                case CANCELLED, NOT_APPLICABLE -> SignerStatus.SKIPPED;
                case UNREACHABLE -> SignerStatus.FAILED;
            };
            assertThat(status).as(state.name()).isEqualTo(expected);
        }
    }

    @Test
    void waitingKeepsWhatTheWorkflowKnowsOfTheSigner() {
        assertThat(OrderedJobRun.signerStatusAfter(position(JobSignerState.WAITING), SignerStatus.WAITING))
                .isEqualTo(SignerStatus.WAITING);
        assertThat(OrderedJobRun.signerStatusAfter(position(JobSignerState.WAITING), SignerStatus.READY))
                .isEqualTo(SignerStatus.READY);
    }

    @Test
    void theFirstSignerWhoStoppedTheJobDecidesTheContractsEnd() {
        assertThat(OrderedJobRun.JobFailure.of(
                        signers(SignerStatus.SIGNED, SignerStatus.REJECTED, SignerStatus.SKIPPED)))
                .isEqualTo(new OrderedJobRun.JobFailure(ContractStatus.REJECTED, "signer 2 rejected"));
        assertThat(OrderedJobRun.JobFailure.of(
                        signers(SignerStatus.EXPIRED, SignerStatus.REJECTED, SignerStatus.SKIPPED)))
                .isEqualTo(new OrderedJobRun.JobFailure(ContractStatus.EXPIRED, "signer 1's deadline passed"));
        assertThat(OrderedJobRun.JobFailure.of(signers(SignerStatus.SIGNED, SignerStatus.SIGNED, SignerStatus.FAILED)))
                .isEqualTo(
                        new OrderedJobRun.JobFailure(ContractStatus.FAILED, "the provider could not reach signer 3"));
    }

    @Test
    void aJobEndedWithoutAStoppingSignerFailsTheContract() {
        assertThat(OrderedJobRun.JobFailure.of(
                        signers(SignerStatus.SIGNED, SignerStatus.SKIPPED, SignerStatus.SKIPPED)))
                .isEqualTo(new OrderedJobRun.JobFailure(
                        ContractStatus.FAILED, "the provider ended the job without every signature"));
    }

    private static ContractPlan plan(List<Instant> deadlines) {
        return new ContractPlan(
                "contract-1", 3, deadlines, PERIOD, Duration.ofMinutes(1), null, null, SigningMode.ORDERED_JOB);
    }

    private static JobStatusChange.Position position(JobSignerState state) {
        return new JobStatusChange.Position(1, state, NOW);
    }

    private static List<SignerProgress> signers(SignerStatus... statuses) {
        SignerProgress[] signers = new SignerProgress[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            signers[i] = SignerProgress.waiting(i + 1).finished(statuses[i], NOW);
        }
        return List.of(signers);
    }
}
