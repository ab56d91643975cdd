package no.signchain.store.contract;

import java.time.Instant;
import no.signchain.workflows.contract.SignerStatus;

/** One signer of a stored contract; {@link #toString()} leaves out their contact details. */
public record SignerRecord(
        int index,
        String name,
        NationalId nationalId,
        String email,
        String mobile,
        Instant deadline,
        SignerStatus status,
        String sessionRef,
        String signatureUrl,
        Instant dueAt,
        Instant finishedAt) {

    @Override
    public String toString() {
        return "SignerRecord[index=" + index + ", name=" + name + ", nationalId=" + nationalId + ", status=" + status
                + "]";
    }
}
