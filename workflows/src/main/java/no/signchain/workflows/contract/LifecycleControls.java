package no.signchain.workflows.contract;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lifecycle controls a contract takes while it runs (cancel, replace a signer, change a deadline, remind): their
 * validators, which refuse at once what cannot apply and change nothing, and the queue of accepted controls the chain
 * applies at its next safe point. A control's update returns once the chain has applied it and recorded the result.
 */
final class LifecycleControls {

    static final String CONFLICT = ContractWorkflow.CONTROL_CONFLICT;
    static final String INVALID = ContractWorkflow.CONTROL_INVALID;

    /** Signicat's limit for a session's due date, and so for a deadline. */
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("\\d{11}");

    static final Duration MAX_DEADLINE_AHEAD = Duration.ofDays(45);

    /** An accepted control, waiting to be applied; {@code refusal} is set when it could not apply after all. */
    static final class Pending {
        final Object control;
        boolean done;
        String refusal;

        Pending(Object control) {
            this.control = control;
        }
    }

    private final Deque<Pending> queue = new ArrayDeque<>();

    Pending accept(Object control) {
        Pending pending = new Pending(control);
        queue.add(pending);
        return pending;
    }

    boolean hasPending() {
        return !queue.isEmpty();
    }

    Pending next() {
        return queue.poll();
    }

    /** The contract ended first: what is still queued is answered as refused, so no caller waits for ever. */
    void refuseAll(String why) {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            pending.refusal = why;
            pending.done = true;
        }
    }

    // --- validators: read-only, run before a control is accepted ---------------------------------------------------

    static void validate(CancelContract cancel, boolean enabled, ContractStatus status) {
        requireEnabled(enabled);
        requireActive(status);
        if (cancel == null || cancel.reason() == null || cancel.reason().isBlank()) {
            throw invalid("a cancellation needs a reason");
        }
        requireText("the reason", cancel.reason(), 500);
        requireActor(cancel.actor());
    }

    static void validate(ReplaceSigner replace, boolean enabled, ContractStatus status, List<SignerProgress> signers) {
        requireEnabled(enabled);
        requireActive(status);
        if (replace == null || replace.replacementId() == null) {
            throw invalid("a replacement is needed");
        }
        requireActor(replace.actor());
        requireNotFinished(replace.signerIndex(), signers, "replaced");
    }

    static void validate(
            ChangeDeadline change, boolean enabled, ContractStatus status, List<SignerProgress> signers, Instant now) {
        requireEnabled(enabled);
        requireActive(status);
        if (change == null || change.deadline() == null) {
            throw invalid("a deadline is needed");
        }
        requireActor(change.actor());
        requireNotFinished(change.signerIndex(), signers, "given a new deadline");
        if (!change.deadline().isAfter(now)) {
            throw invalid("the deadline must be in the future");
        }
        if (change.deadline().isAfter(now.plus(MAX_DEADLINE_AHEAD))) {
            throw invalid("the deadline must be at most 45 days ahead");
        }
    }

    static void validate(
            RemindSigner remind, boolean enabled, ContractStatus status, List<SignerProgress> signers, int current) {
        requireEnabled(enabled);
        requireActive(status);
        if (remind == null) {
            throw invalid("a signer is needed");
        }
        requireActor(remind.actor());
        requireSigner(remind.signerIndex(), signers);
        SignerProgress signer = signers.get(remind.signerIndex() - 1);
        if (remind.signerIndex() != current || signer.status() != SignerStatus.READY) {
            throw conflict("only the signer whose turn it is can be reminded; signer " + remind.signerIndex() + " is "
                    + signer.status());
        }
    }

    /**
     * Who asks, as they name themselves ({@code operator:alice}): the workflow cannot see the Temporal client's
     * identity, so the actor is recorded as given.
     */
    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw invalid("say who asks: actor, e.g. operator:alice");
        }
        requireText("the actor", actor, 100);
    }

    /**
     * Text that goes into history, the audit trail and callbacks: bounded, one line, and never with an identity number
     * (any run of 11 digits is refused rather than guessed at).
     */
    private static void requireText(String what, String text, int max) {
        if (text.length() > max) {
            throw invalid(what + " must be at most " + max + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw invalid(what + " must not contain control characters");
        }
        if (ELEVEN_DIGITS.matcher(text).find()) {
            throw invalid(what + " must not contain a national identity number (11 digits in a row)");
        }
    }

    private static void requireEnabled(boolean enabled) {
        if (!enabled) {
            throw conflict("this contract was started before lifecycle controls existed");
        }
    }

    private static void requireActive(ContractStatus status) {
        if (status != ContractStatus.ACTIVE) {
            throw conflict("the contract has ended: " + status);
        }
    }

    private static void requireSigner(int index, List<SignerProgress> signers) {
        if (index < 1 || index > signers.size()) {
            throw invalid("there is no signer " + index + " (the contract has " + signers.size() + ")");
        }
    }

    private static void requireNotFinished(int index, List<SignerProgress> signers, String what) {
        requireSigner(index, signers);
        SignerStatus status = signers.get(index - 1).status();
        if (status != SignerStatus.WAITING && status != SignerStatus.READY) {
            throw conflict("signer " + index + " is " + status + " and can no longer be " + what);
        }
    }

    static ApplicationFailure conflict(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, CONFLICT);
    }

    static ApplicationFailure invalid(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, INVALID);
    }
}
