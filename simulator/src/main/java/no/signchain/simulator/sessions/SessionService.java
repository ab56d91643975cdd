package no.signchain.simulator.sessions;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.collections.CollectionStore;
import no.signchain.simulator.collections.DocumentCollection;
import no.signchain.simulator.control.KnobStore;
import no.signchain.simulator.documents.DocumentStore;
import no.signchain.simulator.documents.DocumentUseCheck;
import no.signchain.simulator.documents.StoredDocument;
import no.signchain.simulator.identity.Nin;
import no.signchain.simulator.identity.TestUser;
import no.signchain.simulator.identity.TestUsers;
import no.signchain.simulator.pades.PadesSigner;
import no.signchain.simulator.pades.PdfTamper;
import no.signchain.simulator.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Signing sessions: creation, reads, listing, due-date changes, withdrawal, signing and rejection, expiry.
 * Every state change is reported to the {@link SessionStateListener}s (events, auto-sign) after the session's lock
 * is released.
 */
@Component
@InSimulatorContext
public class SessionService implements DocumentUseCheck {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final ConcurrentHashMap<String, SigningSession> live = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<SigningSession> history = new ConcurrentLinkedQueue<>();
    private final SimulatorProperties props;
    private final Clock clock;
    private final SessionRequestValidator validator;
    private final DocumentStore documents;
    private final CollectionStore collections;
    private final TestUsers users;
    private final PadesSigner pades;
    private final KnobStore knobs;
    private final ObjectProvider<SessionStateListener> listeners;

    public SessionService(
            SimulatorProperties props,
            Clock simulatorClock,
            SessionRequestValidator validator,
            DocumentStore documents,
            CollectionStore collections,
            TestUsers users,
            PadesSigner pades,
            KnobStore knobs,
            ObjectProvider<SessionStateListener> listeners) {
        this.props = props;
        this.clock = simulatorClock;
        this.validator = validator;
        this.documents = documents;
        this.collections = collections;
        this.users = users;
        this.pades = pades;
        this.knobs = knobs;
        this.listeners = listeners;
    }

    /** Validates and creates all sessions of a request (all or nothing). */
    public List<SigningSession> create(JsonNode body, String signerPageBase) {
        List<SessionDraft> drafts = validator.validate(body);
        Instant now = clock.instant();
        List<SigningSession> created = new ArrayList<>();
        for (SessionDraft d : drafts) {
            String id = UUID.randomUUID().toString();
            Instant urlExpires = d.signatureUrlTimeToLive() == null
                    ? d.dueDate()
                    : min(now.plus(d.signatureUrlTimeToLive()), d.dueDate());
            TestUser signer = users.byNin(d.signerNin());
            SigningSession s =
                    new SigningSession(id, now, d, signer.fullName(), signerPageBase + "/signer/" + id, urlExpires);
            retainDocuments(s, d.dueDate());
            created.add(s);
        }
        for (SigningSession s : created) {
            live.put(s.id(), s);
            history.add(s);
            log.info("Signing session {} created (READY), due {}", s.id(), s.dueDate());
        }
        for (SigningSession s : created) {
            notifyListeners(s, SessionState.READY);
        }
        return created;
    }

    /** The session, or 404 when unknown, deleted or past its retention. Applies expiry first. */
    public SigningSession get(String id) {
        SigningSession s = find(id);
        if (s == null) {
            throw ProblemException.notFound("Signing session", id);
        }
        return s;
    }

    /** The session or null; expires it first if its dueDate has passed. */
    public SigningSession find(String id) {
        SigningSession s = live.get(id);
        if (s == null) {
            return null;
        }
        Instant now = clock.instant();
        if (!now.isBefore(s.dueDate().plus(props.documentRetentionAfterDue()))) {
            live.remove(id, s);
            return null;
        }
        expireIfDue(s, now);
        return s;
    }

    public record Page(int limit, int offset, int count, int total, List<SigningSession> data) {}

    Page list(ListQuery q) {
        Instant now = clock.instant();
        List<SigningSession> all = new ArrayList<>();
        for (SigningSession s : live.values()) {
            if (find(s.id()) == null) {
                continue;
            }
            if (!q.states().isEmpty() && !q.states().contains(s.state().name())) {
                continue;
            }
            if (q.createdFrom() != null && s.createdAt().isBefore(q.createdFrom())) {
                continue;
            }
            if (q.createdTo() != null && s.createdAt().isAfter(q.createdTo())) {
                continue;
            }
            if (q.dueFrom() != null && s.dueDate().isBefore(q.dueFrom())) {
                continue;
            }
            if (q.dueTo() != null && s.dueDate().isAfter(q.dueTo())) {
                continue;
            }
            if (q.titleLike() != null
                    && !s.title()
                            .toLowerCase(Locale.ROOT)
                            .contains(q.titleLike().toLowerCase(Locale.ROOT))) {
                continue;
            }
            all.add(s);
        }
        all.sort(comparator(q.sort()));
        int from = Math.min(q.offset(), all.size());
        int to = Math.min(from + q.limit(), all.size());
        List<SigningSession> page = List.copyOf(all.subList(from, to));
        return new Page(q.limit(), q.offset(), page.size(), all.size(), page);
    }

    private static Comparator<SigningSession> comparator(List<String> sort) {
        Comparator<SigningSession> c = null;
        for (String field : sort) {
            boolean desc = field.startsWith("-");
            String name = field.startsWith("-") || field.startsWith("+") ? field.substring(1) : field;
            Comparator<SigningSession> one = switch (name) {
                case "createdAt" -> Comparator.comparing(SigningSession::createdAt);
                case "dueDate" -> Comparator.comparing(SigningSession::dueDate);
                case "title" -> Comparator.comparing(SigningSession::title);
                default -> throw new IllegalArgumentException(name);
            };
            one = desc ? one.reversed() : one;
            c = c == null ? one : c.thenComparing(one);
        }
        Comparator<SigningSession> tie = Comparator.comparing(SigningSession::id);
        return c == null ? tie : c.thenComparing(tie);
    }

    /** Withdraws (deletes) a session: afterwards it is 404. */
    public void delete(String id) {
        SigningSession s = get(id);
        synchronized (s) {
            if (s.deletedAt() != null) {
                throw ProblemException.notFound("Signing session", id);
            }
            s.markDeleted(clock.instant());
        }
        live.remove(id, s);
        log.info("Signing session {} deleted", id);
        notifyListeners(s, SessionState.DELETED);
    }

    /** Moves the dueDate (at most {@code max-due-in} ahead); only while the session is open. */
    public SigningSession patchDueDate(String id, Instant newDue) {
        SigningSession s = get(id);
        Instant now = clock.instant();
        if (!newDue.isAfter(now)) {
            throw ProblemException.invalidParam("dueDate", "must be in the future");
        }
        if (newDue.isAfter(now.plus(props.maxDueIn()))) {
            throw ProblemException.invalidParam(
                    "dueDate", "can be a maximum of " + props.maxDueIn().toDays() + " days into the future");
        }
        synchronized (s) {
            if (s.state().isFinal()) {
                throw ProblemException.conflict(
                        "The signing session is " + s.state() + " and can no longer be changed.");
            }
            s.setDueDate(newDue);
        }
        retainDocuments(s, newDue);
        return s;
    }

    /**
     * Signs as the intended signer, or as the knobs {@code signAsByNin} / {@code tamperByNin} say. Synchronous: when
     * this returns the session is SIGNED with its output.
     */
    public SigningSession sign(String id) {
        return sign(id, SignOptions.NONE);
    }

    /**
     * Signs with {@code options} (what they leave open comes from the knobs): {@code signAsNin} signs with that test
     * user's certificate and reports that user in {@code output.userInfo}, as a real provider reports who signed;
     * {@code tamper} changes the result (see {@link SignOptions.Tamper}). The session becomes SIGNED either way.
     */
    public SigningSession sign(String id, SignOptions options) {
        return complete(id, true, options);
    }

    /** The signer rejects: REJECTED, no output. */
    public SigningSession reject(String id) {
        return complete(id, false, SignOptions.NONE);
    }

    private SigningSession complete(String id, boolean sign, SignOptions requested) {
        SigningSession s = get(id);
        SessionState result;
        synchronized (s) {
            if (s.state() != SessionState.READY) {
                throw new ProblemException(
                        HttpStatus.CONFLICT, "conflict", "The signing session is " + s.state() + ", not READY.");
            }
            Instant at = clock.instant();
            if (sign) {
                SignOptions options = requested.orElse(knobs.get().signOptionsFor(s.signerNin()));
                TestUser signer = users.byNin(options.signAsNin() != null ? options.signAsNin() : s.signerNin());
                if (options.signAsNin() != null || options.tamper() != null) {
                    log.info(
                            "Signing session {}: signing {}{}",
                            id,
                            options.signAsNin() != null && !options.signAsNin().equals(s.signerNin())
                                    ? "as another person (" + signer.fullName() + ")"
                                    : "as the intended signer",
                            options.tamper() != null
                                    ? ", tamper=" + options.tamper().wireName()
                                    : "");
                }
                Instant keepUntil = s.dueDate().plus(props.documentRetentionAfterDue());
                List<SigningSession.OutputSignature> out = new ArrayList<>();
                for (SigningSession.SessionDocument d : s.documents()) {
                    StoredDocument original = documents.find(d.documentId());
                    if (original == null) {
                        throw new ProblemException(
                                HttpStatus.CONFLICT,
                                "conflict",
                                "A document of the signing session is no longer available.");
                    }
                    byte[] signed;
                    try {
                        signed = options.tamper() == null
                                ? pades.sign(original.bytes(), signer, at)
                                : switch (options.tamper()) {
                                    case UNSIGNED -> original.bytes();
                                    case EARLIER_REVISION ->
                                        pades.sign(PdfTamper.alterEarliestBytes(original.bytes()), signer, at);
                                };
                    } catch (IOException | IllegalArgumentException e) {
                        log.warn("Signing session {}: PAdES signing failed: {}", id, e.getMessage());
                        throw new ProblemException(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "document_not_signable",
                                "The document could not be signed: " + e.getMessage());
                    }
                    StoredDocument result1 = documents.storeResult(signed, MediaType.APPLICATION_PDF_VALUE, keepUntil);
                    out.add(new SigningSession.OutputSignature(
                            d.documentCollectionId(), d.documentId(), result1.id(), "PADES"));
                }
                s.finish(
                        SessionState.SIGNED,
                        at,
                        out,
                        new SigningSession.UserInfo(
                                at,
                                signer.fullName(),
                                signer.nin(),
                                signer.firstName(),
                                signer.lastName(),
                                Nin.dateOfBirth(signer.nin())));
                result = SessionState.SIGNED;
            } else {
                s.finish(SessionState.REJECTED, at, null, null);
                result = SessionState.REJECTED;
            }
        }
        log.info("Signing session {} {}", id, result);
        notifyListeners(s, result);
        return s;
    }

    /** Expires overdue sessions and forgets sessions past their retention. Called by the sweeper. */
    public void sweep(Instant now) {
        for (SigningSession s : live.values()) {
            if (!now.isBefore(s.dueDate().plus(props.documentRetentionAfterDue()))) {
                expireIfDue(s, now);
                live.remove(s.id(), s);
            } else {
                expireIfDue(s, now);
            }
        }
    }

    /** Expires an open session now, as if its dueDate had passed (control API). 409 if it is not READY. */
    public SigningSession forceExpire(String id) {
        SigningSession s = get(id);
        Instant now = clock.instant();
        synchronized (s) {
            if (s.state() != SessionState.READY) {
                throw ProblemException.conflict("The signing session is " + s.state() + ", not READY.");
            }
            s.finish(SessionState.EXPIRED, now, null, null);
        }
        log.info("Signing session {} EXPIRED (forced)", s.id());
        notifyListeners(s, SessionState.EXPIRED);
        return s;
    }

    private void expireIfDue(SigningSession s, Instant now) {
        boolean expired = false;
        synchronized (s) {
            if (s.state() == SessionState.READY && !now.isBefore(s.dueDate())) {
                s.finish(SessionState.EXPIRED, now, null, null);
                expired = true;
            }
        }
        if (expired) {
            log.info("Signing session {} EXPIRED (dueDate passed)", s.id());
            notifyListeners(s, SessionState.EXPIRED);
        }
    }

    private void retainDocuments(SigningSession s, Instant dueDate) {
        Instant until = dueDate.plus(props.documentRetentionAfterDue());
        for (SigningSession.SessionDocument d : s.documents()) {
            StoredDocument doc = documents.find(d.documentId());
            if (doc != null) {
                doc.retainUntil(until);
            }
            DocumentCollection c = collections.find(d.documentCollectionId());
            if (c != null) {
                c.retainUntil(until);
            }
        }
    }

    private void notifyListeners(SigningSession s, SessionState state) {
        listeners.orderedStream().forEach(l -> {
            try {
                l.onSessionStateChange(s, state);
            } catch (RuntimeException e) {
                log.warn(
                        "Session listener {} failed for session {}",
                        l.getClass().getSimpleName(),
                        s.id(),
                        e);
            }
        });
    }

    @Override
    public boolean documentInOpenSession(String documentId) {
        return live.values().stream()
                .anyMatch(s -> !s.state().isFinal()
                        && s.documents().stream().anyMatch(d -> d.documentId().equals(documentId)));
    }

    @Override
    public boolean collectionInOpenSession(String collectionId) {
        return live.values().stream()
                .anyMatch(s -> !s.state().isFinal()
                        && s.documents().stream()
                                .anyMatch(d -> d.documentCollectionId().equals(collectionId)));
    }

    /** Every session ever created, in creation order (for the control API). */
    public Collection<SigningSession> history() {
        return List.copyOf(history);
    }

    /** Forgets everything (control API reset). */
    public void clear() {
        live.clear();
        history.clear();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
