package no.signchain.activities.contract;

import java.time.Instant;
import no.signchain.workflows.contract.SignerStatus;

/** One signer of a stored contract; {@link #toString()} leaves out the national identity number. */
public record SignerRecord(
        int index,
        String name,
        String nationalId,
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
        return "SignerRecord[index=" + index + ", name=" + name + ", nationalId=***, status=" + status + "]";
    }
}
