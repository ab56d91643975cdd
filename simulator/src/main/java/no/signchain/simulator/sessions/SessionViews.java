package no.signchain.simulator.sessions;

import no.signchain.simulator.Times;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The Sign API JSON of a session (as in Signicat's reference: request fields echoed plus id, URL, lifecycle, output). */
final class SessionViews {

    private SessionViews() {}

    static ObjectNode view(SigningSession s) {
        SigningSession.Snapshot snap = s.snapshot();
        ObjectNode echo = s.echo();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", s.id());
        o.put("title", s.title());
        o.put("signatureUrl", s.signatureUrl());
        o.put("signatureUrlExpiresAt", Times.iso(s.signatureUrlExpiresAt()));
        copy(echo, o, "signatureUrlTTL");
        copy(echo, o, "signatureUrlTimeToLive");
        copy(echo, o, "signText");
        o.put("dueDate", Times.iso(snap.dueDate()));
        ArrayNode docs = o.putArray("documents");
        for (SigningSession.SessionDocument d : s.documents()) {
            ObjectNode dn = docs.addObject();
            dn.put("documentCollectionId", d.documentCollectionId());
            dn.put("action", d.action());
            dn.put("documentId", d.documentId());
        }
        if (s.externalReference() == null) {
            o.putNull("externalReference");
        } else {
            o.put("externalReference", s.externalReference());
        }
        copyOrNull(echo, o, "signingSetup");
        copy(echo, o, "subsequentTo");
        copy(echo, o, "packageTo");
        copyOrNull(echo, o, "signer");
        copy(echo, o, "archive");
        copy(echo, o, "preAuthentication");
        copyOrNull(echo, o, "ui");
        copy(echo, o, "intentionText");
        copy(echo, o, "redirectSettings");
        copy(echo, o, "notifications");
        copy(echo, o, "usageTags");
        ObjectNode lifecycle = o.putObject("lifecycle");
        lifecycle.put("state", snap.state().name());
        lifecycle.put("stateIsFinal", snap.state().isFinal());
        ObjectNode output = o.putObject("output");
        ArrayNode sigs = output.putArray("signatures");
        for (SigningSession.OutputSignature sig : snap.signatures()) {
            ObjectNode sn = sigs.addObject();
            sn.put("documentCollectionId", sig.documentCollectionId());
            sn.put("resultDocumentId", sig.resultDocumentId());
            sn.put("originalDocumentId", sig.originalDocumentId());
            sn.put("signatureType", sig.signatureType());
        }
        output.putArray("packages");
        SigningSession.UserInfo ui = snap.userInfo();
        if (ui != null) {
            ObjectNode u = output.putObject("userInfo");
            u.put("signingTime", Times.iso(ui.signingTime()));
            u.put("fullName", ui.fullName());
            u.put(
                    "dateOfBirth",
                    ui.dateOfBirth() == null ? null : ui.dateOfBirth().toString());
            u.put("nin", ui.nin());
            u.put("firstName", ui.firstName());
            u.put("lastName", ui.lastName());
        }
        return o;
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v != null) {
            to.set(field, v.deepCopy());
        }
    }

    private static void copyOrNull(ObjectNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        to.set(field, v == null ? JsonNodeFactory.instance.nullNode() : v.deepCopy());
    }
}
