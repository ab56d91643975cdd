package no.signchain.simulator.sessions;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A validated session of a create request, before it gets an id. {@code echo} holds the fields passed back as sent. */
record SessionDraft(
        String title,
        List<SigningSession.SessionDocument> documents,
        String externalReference,
        Instant dueDate,
        java.time.Duration signatureUrlTimeToLive,
        String signerNin,
        List<String> usageTags,
        ObjectNode echo) {}
