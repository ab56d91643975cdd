package no.signchain.worker.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.activities.retention.RetentionActivitiesImpl;
import no.signchain.store.Sql;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.NewContract;
import no.signchain.store.contract.NewSigner;
import no.signchain.store.erasure.ContractErasure;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.testing.TestPersonalData;
import no.signchain.workflows.contract.ReminderSchedule;
import no.signchain.workflows.retention.RetentionOutcome;
import no.signchain.workflows.retention.RetentionPolicy;
import no.signchain.workflows.retention.RetentionWorkflow;
import no.signchain.workflows.retention.RetentionWorkflowImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retention cleanup as the schedule runs it: the workflow on Temporal's test server, its activity on a real
 * PostgreSQL. Contracts that ended longer ago than the retention are erased, in batches; younger and active ones keep
 * everything.
 */
class RetentionCleanupTest {

    private static final String QUEUE = "retention-test";

    private static MigratedDatabase database;
    private static DataSource dataSource;
    private static DataSourceTransactionManager transactions;
    private static JdbcClient jdbc;

    private TestWorkflowEnvironment temporal;
    private ContractErasure erasure;
    private Instant now;
    private String lastRun;

    @BeforeAll
    static void database() throws IOException {
        database = MigratedDatabase.start();
        dataSource = database.dataSource();
        transactions = database.transactions();
        jdbc = database.jdbc();
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
    }

    @BeforeEach
    void start() {
        jdbc.sql("delete from contract").update(); // each test sees its own contracts only
        temporal = TestWorkflowEnvironment.newInstance();
        now = Instant.ofEpochMilli(temporal.currentTimeMillis());
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        ContractEvents audit = new ContractEvents(dataSource, clock);
        erasure = new ContractErasure(dataSource, transactions, clock, new CallbackEvents(dataSource, clock), audit);
        Worker worker = temporal.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(RetentionWorkflowImpl.class);
        worker.registerActivitiesImplementations(new RetentionActivitiesImpl(erasure));
        temporal.start();
    }

    @AfterEach
    void close() {
        temporal.close();
    }

    @Test
    void contractsEndedLongerAgoThanTheRetentionAreErasedInBatchesAndNoOthers() {
        List<String> due = List.of(
                ended("COMPLETED", Duration.ofDays(200)),
                ended("CANCELLED", Duration.ofDays(120)),
                ended("REJECTED", Duration.ofDays(91)),
                ended("FAILED", Duration.ofDays(90).plusMinutes(1)),
                ended("EXPIRED", Duration.ofDays(95)));
        String young = ended("COMPLETED", Duration.ofDays(89));
        String active = ended("ACTIVE", Duration.ofDays(300)); // active: never, however old

        RetentionOutcome outcome = retention(new RetentionPolicy(Duration.ofDays(90), 2));

        assertThat(outcome.erased()).isEqualTo(5);
        assertThat(temporal.getWorkflowClient().fetchHistory(lastRun).getEvents().stream()
                        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                        .count())
                .as("batches of 2, 2 and 1")
                .isEqualTo(3);
        // Workflow time: the test server's clock, which runs on from when the test read it.
        assertThat(outcome.endedBefore())
                .isBetween(
                        now.minus(Duration.ofDays(90)),
                        now.minus(Duration.ofDays(90)).plusSeconds(60));
        for (String id : due) {
            assertThat(erasure.erasedAt(id)).as("erased %s", id).isPresent();
            assertThat(nationalIds(id)).containsOnlyNulls();
            assertThat(jdbc.sql("select actor from contract_event where contract_id = ? and kind = 'contract.erased'")
                            .param(UUID.fromString(id))
                            .query(String.class)
                            .list())
                    .containsExactly("retention");
        }
        assertThat(erasure.erasedAt(young)).isEmpty();
        // Kept: the number is still there (stored encrypted).
        assertThat(nationalIds(young)).singleElement().asString().startsWith("enc1:");
        assertThat(erasure.erasedAt(active)).isEmpty();
        assertThat(nationalIds(active)).singleElement().asString().startsWith("enc1:");

        assertThat(retention(new RetentionPolicy(Duration.ofDays(90), 2)).erased())
                .as("a second run finds nothing left")
                .isZero();
    }

    @Test
    void aRetentionOfZeroErasesEveryEndedContract() {
        String ended = ended("COMPLETED", Duration.ofSeconds(5));

        assertThat(retention(new RetentionPolicy(Duration.ZERO, 100)).erased()).isOne();
        assertThat(erasure.erasedAt(ended)).isPresent();
    }

    private RetentionOutcome retention(RetentionPolicy policy) {
        lastRun = "retention-" + UUID.randomUUID();
        RetentionWorkflow workflow = temporal.getWorkflowClient()
                .newWorkflowStub(
                        RetentionWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(QUEUE)
                                .setWorkflowId(lastRun)
                                .build());
        return workflow.run(policy);
    }

    /** A contract with one signer whose last change (its end, when it ended) was {@code ago}. */
    private String ended(String status, Duration ago) {
        String id = UUID.randomUUID().toString();
        Clock then = Clock.fixed(now.minus(ago), ZoneOffset.UTC);
        ContractEvents audit = new ContractEvents(dataSource, then);
        ContractRepository contracts = new ContractRepository(
                dataSource,
                transactions,
                then,
                new CallbackEvents(dataSource, then),
                audit,
                TestPersonalData.withRandomKeys());
        new TransactionTemplate(transactions)
                .executeWithoutResult(s -> contracts.insert(
                        id,
                        new NewContract(
                                "client-1",
                                "Lease",
                                null,
                                null,
                                List.of(new NewSigner(
                                        "Aksel Herseth", NationalId.parse("06046517928"), null, null, null)),
                                null,
                                ReminderSchedule.NONE),
                        "sha"));
        jdbc.sql("update contract set status = ?, updated_at = ? where id = ?")
                .params(status, Sql.ts(now.minus(ago)), UUID.fromString(id))
                .update();
        return id;
    }

    private static List<String> nationalIds(String id) {
        return jdbc.sql("select national_id from contract_signer where contract_id = ?")
                .param(UUID.fromString(id))
                .query((rs, n) -> rs.getString(1))
                .list();
    }
}
