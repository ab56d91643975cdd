package no.signchain.simulator.control;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.Times;
import no.signchain.simulator.auth.TokenStore;
import no.signchain.simulator.collections.CollectionStore;
import no.signchain.simulator.documents.DocumentStore;
import no.signchain.simulator.events.EventDispatcher;
import no.signchain.simulator.events.EventPublisher;
import no.signchain.simulator.events.PublishedEvent;
import no.signchain.simulator.events.SubscriptionRegistry;
import no.signchain.simulator.pades.SimulatorCa;
import no.signchain.simulator.problem.InvalidParam;
import no.signchain.simulator.problem.ProblemException;
import no.signchain.simulator.sessions.SessionService;
import no.signchain.simulator.sessions.SigningSession;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The control API for tests and benchmarks, JSON, no authentication, under {@code /simulator/control}:
 * <ul>
 *   <li>{@code GET /knobs}, {@code PUT /knobs} (partial: only the fields sent change; null resets a duration to
 *       off/default; durations as ISO-8601 strings; extra field {@code failNextCalls: n} makes the next n API calls
 *       fail with failStatuses)</li>
 *   <li>{@code GET /sessions}: every session ever created, oldest first: id, title, state, externalReference,
 *       createdAt, dueDate, finishedAt, deletedAt, signerName, signerRef (a per-run pseudonym of the NIN; the NIN
 *       itself is never shown), resultDocumentIds</li>
 *   <li>{@code POST /sessions/{id}/expire}: expire an open session now, as if its dueDate had passed</li>
 *   <li>{@code GET /events}: counters (published, deliveries, delivered, dropped, duplicated, pending,
 *       failedAttempts, expired) and the emitted events (id, eventName, signingSessionId, state, timestamp,
 *       delivered, dropped, failedAttempts)</li>
 *   <li>{@code GET /subscriptions}, {@code POST /subscriptions {url, secret}} (201 {id,...}),
 *       {@code DELETE /subscriptions/{id}}, {@code DELETE /subscriptions} (all added at runtime)</li>
 *   <li>{@code POST /tokens/expire}: every access token issued so far is refused from now on (401)</li>
 *   <li>{@code POST /reset}: forget all documents, collections, sessions, tokens, events; cancel queued deliveries;
 *       knobs back to configuration; runtime subscriptions removed</li>
 * </ul>
 */
@RestController
@InSimulatorContext
@RequestMapping(path = "/simulator/control")
public class ControlController {

    private static final Set<String> KNOB_FIELDS = Set.of(
            "autoSignAfter",
            "autoRejectNins",
            "duplicateEvents",
            "eventDelay",
            "reorderBatchSize",
            "reorderMaxHold",
            "dropEventRate",
            "failRate",
            "failStatuses",
            "retryAfterSeconds",
            "hangRate",
            "garbleRate",
            "truncateRate",
            "hangFor",
            "hangThenProcess",
            "faultTokenEndpoint",
            "seed",
            "signAsByNin",
            "tamperByNin",
            "failNextCalls");

    private final KnobStore knobs;
    private final SessionService sessions;
    private final EventDispatcher dispatcher;
    private final EventPublisher publisher;
    private final SubscriptionRegistry subscriptions;
    private final DocumentStore documents;
    private final CollectionStore collections;
    private final TokenStore tokens;
    private final SimulatorCa ca;
    private final SignerPseudonyms pseudonyms;

    public ControlController(
            KnobStore knobs,
            SessionService sessions,
            EventDispatcher dispatcher,
            EventPublisher publisher,
            SubscriptionRegistry subscriptions,
            DocumentStore documents,
            CollectionStore collections,
            TokenStore tokens,
            SimulatorCa ca,
            SignerPseudonyms pseudonyms) {
        this.knobs = knobs;
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.subscriptions = subscriptions;
        this.documents = documents;
        this.collections = collections;
        this.tokens = tokens;
        this.ca = ca;
        this.pseudonyms = pseudonyms;
    }

    // ---- knobs ----

    @GetMapping(path = "/knobs")
    public Map<String, Object> getKnobs() {
        return knobsView(knobs.get());
    }

    @PutMapping(path = "/knobs")
    public Map<String, Object> putKnobs(@RequestBody JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object.", null);
        }
        List<InvalidParam> invalid = new ArrayList<>();
        for (String name : patch.propertyNames()) {
            if (!KNOB_FIELDS.contains(name)) {
                invalid.add(new InvalidParam(name, "unknown knob; known: " + KNOB_FIELDS));
            }
        }
        Knobs k = knobs.get();
        Knobs updated = null;
        Integer failNext = null;
        try {
            updated = new Knobs(
                    duration(patch, "autoSignAfter", k.autoSignAfter(), invalid),
                    list(patch, "autoRejectNins", k.autoRejectNins(), JsonNode::stringValue, invalid),
                    bool(patch, "duplicateEvents", k.duplicateEvents(), invalid),
                    duration(patch, "eventDelay", k.eventDelay(), invalid),
                    integer(patch, "reorderBatchSize", k.reorderBatchSize(), invalid),
                    duration(patch, "reorderMaxHold", k.reorderMaxHold(), invalid),
                    number(patch, "dropEventRate", k.dropEventRate(), invalid),
                    number(patch, "failRate", k.failRate(), invalid),
                    list(patch, "failStatuses", k.failStatuses(), JsonNode::intValue, invalid),
                    integer(patch, "retryAfterSeconds", k.retryAfterSeconds(), invalid),
                    number(patch, "hangRate", k.hangRate(), invalid),
                    duration(patch, "hangFor", k.hangFor(), invalid),
                    bool(patch, "hangThenProcess", k.hangThenProcess(), invalid),
                    bool(patch, "faultTokenEndpoint", k.faultTokenEndpoint(), invalid),
                    number(patch, "garbleRate", k.garbleRate(), invalid),
                    number(patch, "truncateRate", k.truncateRate(), invalid),
                    patch.has("seed")
                            ? (patch.get("seed").isNull() ? null : longValue(patch, "seed", invalid))
                            : k.seed(),
                    stringMap(patch, "signAsByNin", k.signAsByNin(), invalid),
                    stringMap(patch, "tamperByNin", k.tamperByNin(), invalid));
            failNext = integer(patch, "failNextCalls", null, invalid);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            invalid.add(new InvalidParam("knobs", e.getMessage()));
        } catch (RuntimeException e) {
            invalid.add(new InvalidParam("knobs", "invalid value: " + e.getMessage()));
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.badRequest("The knobs are invalid.", invalid);
        }
        knobs.set(updated);
        if (failNext != null) {
            knobs.setFailNextCalls(failNext);
        }
        return knobsView(knobs.get());
    }

    private Map<String, Object> knobsView(Knobs k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "autoSignAfter",
                k.autoSignAfter() == null ? null : k.autoSignAfter().toString());
        m.put("autoRejectNins", k.autoRejectNins());
        m.put("duplicateEvents", k.duplicateEvents());
        m.put("eventDelay", k.eventDelay().toString());
        m.put("reorderBatchSize", k.reorderBatchSize());
        m.put("reorderMaxHold", k.reorderMaxHold().toString());
        m.put("dropEventRate", k.dropEventRate());
        m.put("failRate", k.failRate());
        m.put("failStatuses", k.failStatuses());
        m.put("retryAfterSeconds", k.retryAfterSeconds());
        m.put("hangRate", k.hangRate());
        m.put("hangFor", k.hangFor().toString());
        m.put("hangThenProcess", k.hangThenProcess());
        m.put("faultTokenEndpoint", k.faultTokenEndpoint());
        m.put("garbleRate", k.garbleRate());
        m.put("truncateRate", k.truncateRate());
        m.put("seed", k.seed());
        m.put("signAsByNin", k.signAsByNin());
        m.put("tamperByNin", k.tamperByNin());
        m.put("failNextCalls", knobs.failNextCalls());
        return m;
    }

    private static Duration duration(JsonNode p, String name, Duration old, List<InvalidParam> invalid) {
        if (!p.has(name)) {
            return old;
        }
        JsonNode v = p.get(name);
        if (v.isNull()) {
            return null;
        }
        try {
            return Duration.parse(v.isString() ? v.stringValue() : "?");
        } catch (DateTimeParseException e) {
            invalid.add(new InvalidParam(name, "must be an ISO-8601 duration such as PT0.5S, or null"));
            return old;
        }
    }

    private static Boolean bool(JsonNode p, String name, Boolean old, List<InvalidParam> invalid) {
        if (!p.has(name) || p.get(name).isNull()) {
            return p.has(name) ? null : old;
        }
        if (!p.get(name).isBoolean()) {
            invalid.add(new InvalidParam(name, "must be true or false"));
            return old;
        }
        return p.get(name).booleanValue();
    }

    private static Integer integer(JsonNode p, String name, Integer old, List<InvalidParam> invalid) {
        if (!p.has(name) || p.get(name).isNull()) {
            return p.has(name) ? null : old;
        }
        if (!p.get(name).isIntegralNumber()) {
            invalid.add(new InvalidParam(name, "must be an integer"));
            return old;
        }
        return p.get(name).intValue();
    }

    private static Long longValue(JsonNode p, String name, List<InvalidParam> invalid) {
        if (!p.get(name).isIntegralNumber()) {
            invalid.add(new InvalidParam(name, "must be an integer or null"));
            return null;
        }
        return p.get(name).longValue();
    }

    private static Double number(JsonNode p, String name, Double old, List<InvalidParam> invalid) {
        if (!p.has(name) || p.get(name).isNull()) {
            return p.has(name) ? null : old;
        }
        if (!p.get(name).isNumber()) {
            invalid.add(new InvalidParam(name, "must be a number"));
            return old;
        }
        return p.get(name).doubleValue();
    }

    /** A JSON object of strings; replaces the whole map (null or {} clears it). */
    private static Map<String, String> stringMap(
            JsonNode p, String name, Map<String, String> old, List<InvalidParam> invalid) {
        if (!p.has(name) || p.get(name).isNull()) {
            return p.has(name) ? null : old;
        }
        if (!p.get(name).isObject()) {
            invalid.add(new InvalidParam(name, "must be an object of strings"));
            return old;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : p.get(name).properties()) {
            if (!e.getValue().isString()) {
                invalid.add(new InvalidParam(name + "." + e.getKey(), "must be a string"));
                return old;
            }
            out.put(e.getKey(), e.getValue().stringValue());
        }
        return out;
    }

    private static <T> List<T> list(
            JsonNode p, String name, List<T> old, Function<JsonNode, T> element, List<InvalidParam> invalid) {
        if (!p.has(name) || p.get(name).isNull()) {
            return p.has(name) ? null : old;
        }
        if (!p.get(name).isArray()) {
            invalid.add(new InvalidParam(name, "must be an array"));
            return old;
        }
        List<T> out = new ArrayList<>();
        for (JsonNode e : p.get(name)) {
            out.add(element.apply(e));
        }
        return out;
    }

    // ---- sessions ----

    @GetMapping(path = "/sessions")
    public List<Map<String, Object>> sessions() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SigningSession s : sessions.history()) {
            SigningSession.Snapshot snap = s.snapshot();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("title", s.title());
            m.put("state", snap.state().name());
            m.put("externalReference", s.externalReference());
            m.put("createdAt", Times.iso(s.createdAt()));
            m.put("dueDate", Times.iso(snap.dueDate()));
            m.put("finishedAt", Times.iso(snap.finishedAt()));
            m.put("deletedAt", Times.iso(s.deletedAt()));
            m.put("signerName", s.signerName());
            m.put("signerRef", pseudonyms.of(s.signerNin()));
            m.put(
                    "resultDocumentIds",
                    snap.signatures().stream()
                            .map(SigningSession.OutputSignature::resultDocumentId)
                            .toList());
            out.add(m);
        }
        return out;
    }

    @PostMapping(path = "/sessions/{sessionId}/expire")
    public Map<String, Object> expire(@PathVariable String sessionId) {
        SigningSession s = sessions.forceExpire(sessionId);
        return Map.of("sessionId", s.id(), "state", s.state().name());
    }

    // ---- events ----

    @GetMapping(path = "/events")
    public Map<String, Object> events() {
        EventDispatcher.Stats st = dispatcher.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("published", st.published());
        m.put("deliveries", st.deliveries());
        m.put("delivered", st.delivered());
        m.put("dropped", st.dropped());
        m.put("duplicated", st.duplicated());
        m.put("pending", st.pending());
        m.put("failedAttempts", st.failedAttempts());
        m.put("expired", st.expired());
        m.put("subscriptions", subscriptions.all().size());
        List<Map<String, Object>> list = new ArrayList<>();
        for (PublishedEvent e : publisher.records()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", e.id());
            r.put("eventName", e.eventName());
            r.put("signingSessionId", e.signingSessionId());
            r.put("state", e.state());
            r.put("timestamp", Times.iso(e.timestamp()));
            r.put("delivered", e.delivered());
            r.put("dropped", e.dropped());
            r.put("failedAttempts", e.failedAttempts());
            list.add(r);
        }
        m.put("events", list);
        return m;
    }

    // ---- subscriptions ----

    @GetMapping(path = "/subscriptions")
    public List<Map<String, Object>> listSubscriptions() {
        return subscriptions.all().stream()
                .map(ControlController::subscriptionView)
                .toList();
    }

    @PostMapping(path = "/subscriptions")
    public ResponseEntity<Map<String, Object>> addSubscription(@RequestBody JsonNode body) {
        JsonNode url = body == null ? null : body.get("url");
        if (url == null
                || !url.isString()
                || !(url.stringValue().startsWith("http://")
                        || url.stringValue().startsWith("https://"))) {
            throw ProblemException.invalidParam("url", "is required and must be an http(s) URL");
        }
        JsonNode secret = body.get("secret");
        if (secret != null && !secret.isNull() && !secret.isString()) {
            throw ProblemException.invalidParam("secret", "must be a string");
        }
        SubscriptionRegistry.Registered r =
                subscriptions.add(url.stringValue(), secret == null || secret.isNull() ? null : secret.stringValue());
        return ResponseEntity.status(HttpStatus.CREATED).body(subscriptionView(r));
    }

    @DeleteMapping(path = "/subscriptions/{id}")
    public ResponseEntity<Void> deleteSubscription(@PathVariable String id) {
        if (!subscriptions.remove(id)) {
            throw ProblemException.notFound("Runtime subscription", id);
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping(path = "/subscriptions")
    public ResponseEntity<Void> deleteRuntimeSubscriptions() {
        subscriptions.clearRuntime();
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> subscriptionView(SubscriptionRegistry.Registered r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("url", r.url());
        m.put("hasSecret", r.secret() != null && !r.secret().isEmpty());
        m.put("configured", r.configured());
        return m;
    }

    // ---- tokens ----

    /** Every access token issued so far stops working at once, as when Signicat revokes or expires them early. */
    @PostMapping(path = "/tokens/expire")
    public ResponseEntity<Void> expireTokens() {
        tokens.clear();
        return ResponseEntity.noContent().build();
    }

    // ---- reset ----

    @PostMapping(path = "/reset")
    public ResponseEntity<Void> reset() {
        dispatcher.reset();
        publisher.clear();
        sessions.clear();
        collections.clear();
        documents.clear();
        tokens.clear();
        subscriptions.clearRuntime();
        knobs.reset();
        ca.clearCache();
        return ResponseEntity.noContent().build();
    }
}
