package no.signchain.simulator.documents;

/** Tells whether a document or collection is referenced by a signing session that is still open. */
public interface DocumentUseCheck {

    boolean documentInOpenSession(String documentId);

    boolean collectionInOpenSession(String collectionId);
}
