package no.signchain.activities.zignsec;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import no.signchain.activities.http.ProviderCallException;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.workflows.signing.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZignSec's Norwegian BankID e-signing (API v5) as a {@link SigningProvider}: per signer one session, one uploaded PDF
 * and one signing start, whose {@code redirect_url} is the signer's link. The output is PAdES (eIDAS substantial).
 *
 * <p>What ZignSec's API, as far as signchain's material shows, does not offer, and what signchain does instead:
 * <ul>
 *   <li>no search by reference: {@link #findSessions} finds nothing. signchain notes each session's id as soon as
 *       the create answers and carries on with it after a crash ({@link #resumeSession}); only a create whose own
 *       answer was lost leaves a session behind, never started, so without a link anyone could be sent to;</li>
 *   <li>no due-date change and no withdrawal: signchain's own deadline and state decide; a withdrawn session's link
 *       is no longer shown, and a signature made there anyway is never collected.</li>
 * </ul>
 */
public class ZignsecSigningProvider implements SigningProvider {

    public static final String NAME = "zignsec";

    private static final Logger log = LoggerFactory.getLogger(ZignsecSigningProvider.class);

    private final ZignsecClient client;

    public ZignsecSigningProvider(ZignsecClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderSession openSession(SessionOrder order, Path document) {
        return openSession(order, document, sessionRef -> {});
    }

    /**
     * Three calls: create, upload, start. Only the start makes a link to send the signer to; the session is named at
     * the create, and {@code named} hears it then, so an attempt cut off before the start is carried on by
     * {@link #resumeSession} rather than repeated (ZignSec cannot be searched by reference).
     */
    @Override
    public ProviderSession openSession(SessionOrder order, Path document, Consumer<String> named) {
        return translated(() -> {
            ZignsecSettings settings = client.settings();
            String returnUrl =
                    settings.returnUrl() == null ? null : settings.returnUrl().toString();
            ZignsecWire.SessionRef created = client.createSession(new ZignsecWire.CreateSession(
                    order.externalReference(),
                    order.signer().nationalId().digits(),
                    order.title(),
                    returnUrl,
                    returnUrl,
                    settings.webhookUrl() == null ? null : settings.webhookUrl().toString(),
                    // No expiry of ZignSec's own: it cannot be moved later, so a deadline an operator extends would
                    // still end the session at the first one. signchain's deadline decides (read, then expired).
                    null));
            named.accept(created.id());
            return uploadAndStart(created.id(), order, document);
        });
    }

    /**
     * A named session as an interrupted attempt left it: still {@code Created}, it gets the document (unless it has
     * one) and its start; started, it is used as it is (a signature made in it already is the step's signature);
     * gone or ended unsigned, it cannot be the step's session.
     */
    @Override
    public Optional<ProviderSession> resumeSession(String sessionRef, SessionOrder order, Path document) {
        return translated(() -> {
            ZignsecWire.Session session = sessionOrNull(sessionRef);
            if (session == null) {
                return Optional.empty();
            }
            String status = session.status() == null ? "" : session.status();
            if (status.equalsIgnoreCase("Created")) {
                List<ZignsecWire.File> uploaded =
                        session.result() == null || session.result().inputFiles() == null
                                ? List.of()
                                : session.result().inputFiles();
                if (uploaded.isEmpty()) {
                    return Optional.of(uploadAndStart(sessionRef, order, document));
                }
                ZignsecWire.Started started = client.startSigning(
                        sessionRef,
                        new ZignsecWire.StartSigning(List.of(uploaded.getFirst().id()), null));
                return Optional.of(new ProviderSession(sessionRef, started.redirectUrl(), order.dueAt()));
            }
            SessionState state = stateOf(session);
            if (session.redirectUrl() == null || (state.isFinal() && state != SessionState.SIGNED)) {
                return Optional.empty();
            }
            return Optional.of(new ProviderSession(sessionRef, session.redirectUrl(), order.dueAt()));
        });
    }

    private ProviderSession uploadAndStart(String sessionRef, SessionOrder order, Path document) {
        ZignsecWire.SessionRef uploaded = client.uploadFile(sessionRef, document, "contract.pdf");
        ZignsecWire.Started started =
                client.startSigning(sessionRef, new ZignsecWire.StartSigning(List.of(uploaded.fileId()), null));
        return new ProviderSession(sessionRef, started.redirectUrl(), order.dueAt());
    }

    @Override
    public List<ProviderSession> findSessions(String externalReference, Instant createdSince) {
        return List.of();
    }

    @Override
    public ProviderSessionState readSession(String sessionRef) {
        return translated(() -> {
            ZignsecWire.Session session = sessionOrNull(sessionRef);
            if (session == null) {
                return new ProviderSessionState(sessionRef, SessionState.EXPIRED, null);
            }
            SessionState state = stateOf(session);
            return new ProviderSessionState(
                    sessionRef, state, state == SessionState.SIGNED ? signedFile(session) : null);
        });
    }

    /** The session, or null when ZignSec says it is gone (404, or 410 once it has been cleaned up). */
    private ZignsecWire.Session sessionOrNull(String sessionRef) {
        try {
            return client.getSession(sessionRef);
        } catch (ProviderCallException e) {
            if (e.status() == 404 || e.status() == 410) {
                return null;
            }
            throw e;
        }
    }

    /** {@code resultDocumentRef} is the signed file's URL, as ZignSec's result gives it. */
    @Override
    public void downloadSignedDocument(ProviderSessionState signed, OutputStream sink) {
        translated(() -> {
            client.download(signed.resultDocumentRef(), sink);
            return null;
        });
    }

    /** ZignSec has no call for it; signchain's own timer keeps the deadline. */
    @Override
    public void changeDueDate(String sessionRef, Instant dueAt) {
        log.debug("ZignSec cannot move session {}'s expiry; signchain's deadline alone changed", sessionRef);
    }

    /** ZignSec has no call for it; the link is no longer shown, and the session expires there. */
    @Override
    public void withdrawSession(String sessionRef) {
        log.debug("ZignSec cannot withdraw session {}; it is left to expire", sessionRef);
    }

    @Override
    public boolean canWithdraw() {
        return false;
    }

    /**
     * Every ZignSec status on purpose. {@code Finished} is signed; {@code Cancelled} is the signer's refusal when it
     * says so ({@code CANCELLED_BY_USER}, or status code 410), a lapse when it says it expired, and a failed step
     * otherwise; the states before a decision are open. An unknown status is treated as open, and logged: the
     * step's deadline still ends it, whereas guessing "failed" could end a contract a signer is about to sign.
     */
    static SessionState stateOf(ZignsecWire.Session session) {
        String status = session.status() == null ? "" : session.status().strip().toLowerCase(Locale.ROOT);
        return switch (status) {
            case "finished", "completed", "signed" -> SessionState.SIGNED;
            case "cancelled", "canceled" -> cancellation(session);
            case "expired", "timeout", "timedout" -> SessionState.EXPIRED;
            case "failed", "error" -> SessionState.FAILED;
            case "created", "pending", "started", "inprogress", "in_progress", "initiated", "waiting" ->
                SessionState.PENDING;
            default -> {
                log.warn(
                        "ZignSec session {} has a status signchain does not know; treated as still open", session.id());
                yield SessionState.PENDING;
            }
        };
    }

    private static SessionState cancellation(ZignsecWire.Session session) {
        if (session.errors() == null || session.errors().isEmpty()) {
            return SessionState.FAILED;
        }
        for (ZignsecWire.Error error : session.errors()) {
            String code = error.code() == null ? "" : error.code().toUpperCase(Locale.ROOT);
            if (code.equals("CANCELLED_BY_USER") || Integer.valueOf(410).equals(error.statusCode())) {
                return SessionState.REJECTED;
            }
            if (code.contains("EXPIRED") || code.contains("TIMEOUT")) {
                return SessionState.EXPIRED;
            }
        }
        return SessionState.FAILED;
    }

    /** The signed file's URL; null while ZignSec reports Finished before listing it (collect waits for it). */
    private static String signedFile(ZignsecWire.Session session) {
        if (session.result() == null || session.result().signedFiles() == null) {
            return null;
        }
        return session.result().signedFiles().stream()
                .map(ZignsecWire.File::url)
                .filter(url -> url != null && !url.isBlank())
                .findFirst()
                .orElse(null);
    }

    private static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProviderCallException e) {
            throw e.toProviderFailure();
        }
    }
}
