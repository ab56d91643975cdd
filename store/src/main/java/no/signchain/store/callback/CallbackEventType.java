package no.signchain.store.callback;

import java.util.Arrays;
import java.util.Optional;

/** What a callback tells a business system; {@link #wireName()} is the {@code type} in its body. */
public enum CallbackEventType {
    /** The contract was accepted and stored (recorded at intake). */
    CONTRACT_STARTED("contract.started"),
    /** A signer's session opened; carries the {@code signatureUrl} to send them to. */
    SIGNER_SESSION_OPENED("signer.session_opened"),
    SIGNER_SIGNED("signer.signed"),
    SIGNER_REJECTED("signer.rejected"),
    SIGNER_EXPIRED("signer.expired"),
    /** A signer was replaced by another person (recorded by the code that replaces them). */
    SIGNER_REPLACED("signer.replaced"),
    /** A signer should be reminded (recorded by the code that schedules reminders). */
    SIGNER_REMINDER_DUE("signer.reminder_due"),
    CONTRACT_COMPLETED("contract.completed"),
    CONTRACT_REJECTED("contract.rejected"),
    CONTRACT_EXPIRED("contract.expired"),
    CONTRACT_CANCELLED("contract.cancelled"),
    CONTRACT_FAILED("contract.failed"),
    /**
     * The contract's documents and personal data were erased (on request or when its retention ran out): forget the
     * signers' names and links you were sent for it, and do not fetch its documents any more.
     */
    CONTRACT_ERASED("contract.erased");

    private final String wireName;

    CallbackEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CallbackEventType> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
