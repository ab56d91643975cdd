package no.signchain.store.callback;

import java.util.List;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.SignerStatus;

/** What the database held for a contract before a progress snapshot is stored: the side the events are told from. */
public record StoredProgress(ContractStatus status, List<Signer> signers) {

    public StoredProgress {
        signers = List.copyOf(signers);
    }

    /** One stored signer: their status and open session, and their name for the events. */
    public record Signer(int index, SignerStatus status, String sessionRef, String name) {}
}
