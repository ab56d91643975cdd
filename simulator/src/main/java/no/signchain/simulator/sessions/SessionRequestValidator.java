package no.signchain.simulator.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.Times;
import no.signchain.simulator.collections.CollectionStore;
import no.signchain.simulator.collections.DocumentCollection;
import no.signchain.simulator.documents.DocumentStore;
import no.signchain.simulator.identity.Nin;
import no.signchain.simulator.problem.InvalidParam;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates {@code POST /sign/signing-sessions} the way the Sign API does (as far as documented). All errors of a
 * request are collected into one 400 with {@code invalidParams[{name, reason}]}; names are JSON paths into the
 * request array, e.g. {@code [0].signingSetup}. Unknown collections or documents give 404 (after the 400 checks).
 * Unknown JSON fields are ignored.
 *
 * <p>Simulator-specific strictness: every session needs {@code signer.nationalIdentificationNumber} (11 digits)
 * because the simulator must know who signs; for PKISIGNING also {@code validations: [NATIONAL_IDENTIFICATION_NUMBER]}.
 * {@code subsequentTo} is accepted and echoed but not enforced (sessions start READY, never BLOCKED).
 */
@Component
@InSimulatorContext
public class SessionRequestValidator {

    /** Request fields passed back unchanged in session responses. */
    static final List<String> ECHOED = List.of(
            "signatureUrlTTL",
            "signatureUrlTimeToLive",
            "signText",
            "signingSetup",
            "subsequentTo",
            "packageTo",
            "signer",
            "archive",
            "preAuthentication",
            "ui",
            "intentionText",
            "redirectSettings",
            "notifications",
            "usageTags");

    static final String PKISIGNING = "PKISIGNING";
    static final String NIN_VALIDATION = "NATIONAL_IDENTIFICATION_NUMBER";
    private static final Set<String> FLOWS = Set.of(PKISIGNING, "AUTHENTICATION_BASED");

    private final SimulatorProperties props;
    private final DocumentStore documents;
    private final CollectionStore collections;
    private final Clock clock;

    public SessionRequestValidator(
            SimulatorProperties props, DocumentStore documents, CollectionStore collections, Clock simulatorClock) {
        this.props = props;
        this.documents = documents;
        this.collections = collections;
        this.clock = simulatorClock;
    }

    List<SessionDraft> validate(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw ProblemException.badRequest(
                    "The body must be a JSON array of signing sessions.",
                    List.of(new InvalidParam("body", "must be an array")));
        }
        if (body.size() < 1 || body.size() > 100) {
            throw ProblemException.badRequest(
                    "The request was malformed.",
                    List.of(new InvalidParam("body", "must contain between 1 and 100 signing sessions")));
        }
        Instant now = clock.instant();
        List<InvalidParam> invalid = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        List<SessionDraft> drafts = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            drafts.add(validateOne(body.get(i), "[" + i + "].", now, invalid, notFound));
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.badRequest("The signing session request is invalid.", invalid);
        }
        if (!notFound.isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not_found", String.join(" ", notFound));
        }
        return drafts;
    }

    private SessionDraft validateOne(
            JsonNode s, String p, Instant now, List<InvalidParam> invalid, List<String> notFound) {
        if (s == null || !s.isObject()) {
            invalid.add(new InvalidParam(p.substring(0, p.length() - 1), "must be an object"));
            return null;
        }
        String title = string(s, "title", p, 255, true, invalid);
        string(s, "signText", p, 2048, false, invalid);
        String externalReference = string(s, "externalReference", p, 1024, false, invalid);

        // documents
        List<SigningSession.SessionDocument> docs = new ArrayList<>();
        JsonNode dn = s.get("documents");
        if (dn == null || dn.isNull() || !dn.isArray()) {
            invalid.add(new InvalidParam(p + "documents", "is required and must be an array"));
        } else if (dn.size() < 1 || dn.size() > 100) {
            invalid.add(new InvalidParam(p + "documents", "must contain between 1 and 100 items"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < dn.size(); j++) {
                String dp = p + "documents[" + j + "].";
                JsonNode d = dn.get(j);
                if (!d.isObject()) {
                    invalid.add(new InvalidParam(p + "documents[" + j + "]", "must be an object"));
                    continue;
                }
                String collectionId = string(d, "documentCollectionId", dp, 100, true, invalid);
                String documentId = string(d, "documentId", dp, 100, true, invalid);
                String action = string(d, "action", dp, 20, true, invalid);
                if (action != null && !"SIGN".equals(action)) {
                    invalid.add(new InvalidParam(dp + "action", "must be SIGN"));
                }
                if (collectionId == null || documentId == null) {
                    continue;
                }
                if (!seen.add(collectionId + "/" + documentId)) {
                    invalid.add(new InvalidParam(dp + "documentId", "is listed twice"));
                    continue;
                }
                DocumentCollection c = collections.find(collectionId);
                if (c == null) {
                    notFound.add("Document collection '" + collectionId + "' was not found.");
                } else if (documents.find(documentId) == null) {
                    notFound.add("Document '" + documentId + "' was not found.");
                } else if (!c.contains(documentId)) {
                    invalid.add(new InvalidParam(dp + "documentId", "is not in the document collection"));
                }
                docs.add(new SigningSession.SessionDocument(collectionId, documentId, "SIGN"));
            }
        }

        // signingSetup: exactly one entry; PKISIGNING requires vendor NBID
        String flow = null;
        JsonNode setup = s.get("signingSetup");
        if (setup == null || setup.isNull() || !setup.isArray()) {
            invalid.add(new InvalidParam(p + "signingSetup", "is required and must be an array"));
        } else if (setup.size() != 1) {
            invalid.add(new InvalidParam(p + "signingSetup", "must contain exactly 1 item"));
        } else if (!setup.get(0).isObject()) {
            invalid.add(new InvalidParam(p + "signingSetup[0]", "must be an object"));
        } else {
            flow = string(setup.get(0), "signingFlow", p + "signingSetup[0].", 50, true, invalid);
            String vendor = string(setup.get(0), "vendor", p + "signingSetup[0].", 50, false, invalid);
            if (flow != null && !FLOWS.contains(flow)) {
                invalid.add(new InvalidParam(p + "signingSetup[0].signingFlow", "must be one of " + FLOWS));
            } else if (PKISIGNING.equals(flow) && !"NBID".equals(vendor)) {
                invalid.add(new InvalidParam(
                        p + "signingSetup[0].vendor",
                        "must be NBID for signingFlow PKISIGNING (the only PKI vendor the simulator offers)"));
            }
        }

        // dueDate
        Instant maxDue = now.plus(props.maxDueIn());
        Instant dueDate = null;
        JsonNode due = s.get("dueDate");
        if (due == null || due.isNull()) {
            dueDate = now.plus(
                    props.defaultDueIn().compareTo(props.maxDueIn()) > 0 ? props.maxDueIn() : props.defaultDueIn());
        } else if (!due.isString() || Times.parse(due.stringValue()) == null) {
            invalid.add(new InvalidParam(p + "dueDate", "must be an ISO-8601 date-time with offset"));
        } else {
            dueDate = Times.parse(due.stringValue());
            if (!dueDate.isAfter(now)) {
                invalid.add(new InvalidParam(p + "dueDate", "must be in the future"));
            } else if (dueDate.isAfter(maxDue)) {
                invalid.add(new InvalidParam(
                        p + "dueDate", "can be a maximum of " + props.maxDueIn().toDays() + " days into the future"));
            }
        }

        // signature URL time to live
        Duration ttl = null;
        JsonNode ttlNode = s.get("signatureUrlTimeToLive");
        if (ttlNode != null && !ttlNode.isNull()) {
            try {
                ttl = Duration.parse(ttlNode.isString() ? ttlNode.stringValue() : "?");
                if (ttl.isNegative() || ttl.isZero()) {
                    invalid.add(new InvalidParam(p + "signatureUrlTimeToLive", "must be a positive duration"));
                } else if (ttl.compareTo(props.maxDueIn()) > 0) {
                    invalid.add(new InvalidParam(
                            p + "signatureUrlTimeToLive",
                            "must be a maximum of " + props.maxDueIn().toDays() + " days"));
                }
            } catch (DateTimeParseException e) {
                invalid.add(new InvalidParam(p + "signatureUrlTimeToLive", "must be an ISO-8601 duration, e.g. PT1H"));
            }
        }
        JsonNode ttlMinutes = s.get("signatureUrlTTL");
        if (ttlMinutes != null && !ttlMinutes.isNull()) {
            if (!ttlMinutes.isIntegralNumber() || ttlMinutes.asInt() < 5 || ttlMinutes.asInt() > 525600) {
                invalid.add(new InvalidParam(p + "signatureUrlTTL", "must be an integer between 5 and 525600"));
            } else if (ttl == null) {
                ttl = Duration.ofMinutes(ttlMinutes.asInt());
            }
        }

        // signer
        String nin = null;
        JsonNode signer = s.get("signer");
        if (signer == null || signer.isNull() || !signer.isObject()) {
            invalid.add(new InvalidParam(p + "signer", "is required by the simulator (nationalIdentificationNumber)"));
        } else {
            JsonNode ninNode = signer.get("nationalIdentificationNumber");
            if (ninNode == null || ninNode.isNull()) {
                invalid.add(new InvalidParam(p + "signer.nationalIdentificationNumber", "is required"));
            } else if (!ninNode.isString() || !Nin.isWellFormed(ninNode.stringValue())) {
                invalid.add(new InvalidParam(p + "signer.nationalIdentificationNumber", "must be 11 digits"));
            } else {
                nin = ninNode.stringValue();
            }
            List<String> validations = stringList(signer, "validations", p + "signer.", 10, 100, invalid);
            for (String v : validations) {
                if (!NIN_VALIDATION.equals(v)) {
                    invalid.add(new InvalidParam(
                            p + "signer.validations", "only NATIONAL_IDENTIFICATION_NUMBER is supported"));
                }
            }
            if (PKISIGNING.equals(flow) && !validations.contains(NIN_VALIDATION)) {
                invalid.add(new InvalidParam(
                        p + "signer.validations", "must contain NATIONAL_IDENTIFICATION_NUMBER for PKISIGNING"));
            }
            stringList(signer, "prefill", p + "signer.", 10, 100, invalid);
        }

        List<String> usageTags = stringList(s, "usageTags", p, 25, 50, invalid);
        stringList(s, "subsequentTo", p, 50, 100, invalid);
        List<String> packageTo = stringList(s, "packageTo", p, 5, 50, invalid);
        for (String pk : packageTo) {
            if (!"PADES_CONTAINER".equals(pk)) {
                invalid.add(new InvalidParam(p + "packageTo", "must only contain PADES_CONTAINER"));
            }
        }
        for (String obj : List.of("ui", "redirectSettings", "archive", "preAuthentication", "intentionText")) {
            JsonNode n = s.get(obj);
            if (n != null && !n.isNull() && !n.isObject()) {
                invalid.add(new InvalidParam(p + obj, "must be an object"));
            }
        }
        JsonNode notifications = s.get("notifications");
        if (notifications != null && !notifications.isNull() && !notifications.isArray()) {
            invalid.add(new InvalidParam(p + "notifications", "must be an array"));
        }

        ObjectNode echo = JsonNodeFactory.instance.objectNode();
        for (String f : ECHOED) {
            if (s.has(f)) {
                echo.set(f, s.get(f).deepCopy());
            }
        }
        return new SessionDraft(title, docs, externalReference, dueDate, ttl, nin, usageTags, echo);
    }

    private static String string(
            JsonNode o, String name, String p, int max, boolean required, List<InvalidParam> invalid) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                invalid.add(new InvalidParam(p + name, "is required"));
            }
            return null;
        }
        if (!v.isString()) {
            invalid.add(new InvalidParam(p + name, "must be a string"));
            return null;
        }
        String s = v.stringValue();
        if (required && s.isBlank()) {
            invalid.add(new InvalidParam(p + name, "must not be blank"));
            return null;
        }
        if (s.length() > max) {
            invalid.add(new InvalidParam(p + name, "must be at most " + max + " characters"));
        }
        return s;
    }

    private static List<String> stringList(
            JsonNode o, String name, String p, int maxItems, int maxLength, List<InvalidParam> invalid) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            invalid.add(new InvalidParam(p + name, "must be an array"));
            return List.of();
        }
        if (v.size() > maxItems) {
            invalid.add(new InvalidParam(p + name, "must contain at most " + maxItems + " items"));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isString()) {
                invalid.add(new InvalidParam(p + name + "[" + i + "]", "must be a string"));
            } else if (e.stringValue().length() > maxLength) {
                invalid.add(new InvalidParam(p + name + "[" + i + "]", "must be at most " + maxLength + " characters"));
            } else {
                out.add(e.stringValue());
            }
        }
        return List.copyOf(out);
    }
}
