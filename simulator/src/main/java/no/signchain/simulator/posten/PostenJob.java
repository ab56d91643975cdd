package no.signchain.simulator.posten;

import java.time.Instant;
import java.util.List;

/**
 * One portal signature job at the fake Posten service. Mutable, guarded by {@link PostenJobs}' lock.
 *
 * <p>Signers carry an {@code order}: equal orders sign in parallel, and a signer's turn comes when every signer of a
 * lower order has signed. One rejection, expiry or cancellation ends the job (FAILED).
 */
final class PostenJob {

    enum Status {
        IN_PROGRESS,
        COMPLETED_SUCCESSFULLY,
        FAILED
    }

    /** A signer's status, named as Posten's XML names them. */
    enum SignerStatus {
        WAITING,
        SIGNED,
        REJECTED,
        CANCELLED,
        EXPIRED,
        /** The job ended before this signer's turn came. */
        NOT_APPLICABLE
    }

    static final class Signer {
        final int number; // 1-based, as listed in the manifest
        final int order;
        final String nin;
        SignerStatus status = SignerStatus.WAITING;
        Instant since;
        byte[] xades;
        /** Their turn has come (once; the auto-sign knob acts on it then). */
        boolean turnOpened;

        Signer(int number, int order, String nin, Instant since) {
            this.number = number;
            this.order = order;
            this.nin = nin;
            this.since = since;
        }
    }

    final long id;
    final String senderOrganisationNumber;
    final String pollingQueue;
    final String reference;
    final String title;
    final String documentTitle;
    final List<Signer> signers;
    final Instant availableUntil;
    final byte[] document;
    /** The job XML and the manifest exactly as the sender sent them, for tests of what left the sender. */
    final String requestXml;

    final String manifestXml;
    byte[] signedPdf;
    Status status = Status.IN_PROGRESS;
    boolean documentsDeleted;

    PostenJob(
            long id,
            String senderOrganisationNumber,
            String pollingQueue,
            String reference,
            String title,
            String documentTitle,
            List<Signer> signers,
            Instant availableUntil,
            byte[] document,
            String requestXml,
            String manifestXml) {
        this.id = id;
        this.senderOrganisationNumber = senderOrganisationNumber;
        this.pollingQueue = pollingQueue;
        this.reference = reference;
        this.title = title;
        this.documentTitle = documentTitle;
        this.signers = signers;
        this.availableUntil = availableUntil;
        this.document = document;
        this.requestXml = requestXml;
        this.manifestXml = manifestXml;
        this.signedPdf = document;
    }

    /** True when every signer of a lower order has signed and the job still runs. */
    boolean isTurnOf(Signer signer) {
        return status == Status.IN_PROGRESS
                && signer.status == SignerStatus.WAITING
                && signers.stream().filter(s -> s.order < signer.order).allMatch(s -> s.status == SignerStatus.SIGNED);
    }

    Signer signer(int number) {
        return number >= 1 && number <= signers.size() ? signers.get(number - 1) : null;
    }
}
