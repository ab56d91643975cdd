package no.signchain.simulator.zignsec;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.control.KnobStore;
import no.signchain.simulator.control.Knobs;
import no.signchain.simulator.identity.TestUsers;
import no.signchain.simulator.pades.PadesSigner;
import no.signchain.simulator.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * ZignSec's signing sessions, in memory: created, given files, started (Pending, with a redirect URL), then signed
 * (Finished, with PAdES-signed files from the same signing core as the Sign API simulator) or cancelled by the signer
 * ({@code CANCELLED_BY_USER}, 410) or by time ({@code SESSION_EXPIRED}). Every state change is delivered to the
 * session's webhook. The {@code autoSignAfter} and {@code autoRejectNins} knobs apply as for Sign API sessions.
 */
@Component
@InSimulatorContext
public class ZignsecSessions {

    private static final Logger log = LoggerFactory.getLogger(ZignsecSessions.class);
    /** Longer than signchain's furthest deadline (45 days): ZignSec's real default lifetime is not in our material. */
    private static final Duration DEFAULT_LIFETIME = Duration.ofDays(60);

    private final Map<String, ZignsecSession> sessions = new ConcurrentHashMap<>();
    private final PadesSigner pades;
    private final TestUsers users;
    private final KnobStore knobs;
    private final ZignsecWebhooks webhooks;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    public ZignsecSessions(
            PadesSigner pades,
            TestUsers users,
            KnobStore knobs,
            ZignsecWebhooks webhooks,
            ScheduledExecutorService simulatorScheduler,
            Clock simulatorClock) {
        this.pades = pades;
        this.users = users;
        this.knobs = knobs;
        this.webhooks = webhooks;
        this.scheduler = simulatorScheduler;
        this.clock = simulatorClock;
    }

    ZignsecSession create(
            String relayState,
            String personalNumber,
            String title,
            String successUrl,
            String failureUrl,
            String webhook,
            Instant expiresAt) {
        Instant now = clock.instant();
        ZignsecSession s = new ZignsecSession(
                UUID.randomUUID().toString(),
                relayState,
                personalNumber,
                title,
                successUrl,
                failureUrl,
                webhook,
                now,
                expiresAt != null ? expiresAt : now.plus(DEFAULT_LIFETIME));
        sessions.put(s.id, s);
        return s;
    }

    /**
     * Every session ever created, oldest first, as the control API lists them: id, signchain's reference
     * ({@code relay_state}), status, whether it was signed and whether it ever was signable, and when it was created.
     * No personal number.
     */
    List<Map<String, Object>> ledger() {
        List<Map<String, Object>> out = new ArrayList<>();
        sessions.values().stream()
                .sorted(Comparator.comparing((ZignsecSession s) -> s.createdAt).thenComparing(s -> s.id))
                .forEach(s -> {
                    synchronized (s) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", s.id);
                        m.put("externalReference", s.relayState);
                        m.put("state", s.status.name());
                        m.put("signed", s.status == ZignsecSession.Status.Finished);
                        // Before its start a session has no redirect URL: nobody can sign in it.
                        m.put("signable", s.status != ZignsecSession.Status.Created);
                        m.put("createdAt", s.createdAt.toString());
                        out.add(m);
                    }
                });
        return out;
    }

    ZignsecSession find(String id) {
        ZignsecSession s = sessions.get(id);
        if (s == null) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not_found", "No signing session with this id.");
        }
        synchronized (s) {
            expireIfDue(s);
        }
        return s;
    }

    ZignsecSession.File upload(String id, String name, byte[] pdf) {
        ZignsecSession s = find(id);
        if (pdf.length < 5 || !new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-")) {
            throw ProblemException.invalidParam("file", "only PDF documents can be signed");
        }
        synchronized (s) {
            if (s.status != ZignsecSession.Status.Created) {
                throw new ProblemException(HttpStatus.CONFLICT, "conflict", "Signing has started; no more files.");
            }
            ZignsecSession.File file = new ZignsecSession.File(UUID.randomUUID().toString(), name, pdf, md5(pdf));
            s.inputFiles.add(file);
            return file;
        }
    }

    ZignsecSession start(String id, List<String> fileIds) {
        ZignsecSession s = find(id);
        synchronized (s) {
            if (s.status != ZignsecSession.Status.Created) {
                throw new ProblemException(HttpStatus.CONFLICT, "conflict", "Signing has started already.");
            }
            if (fileIds == null || fileIds.isEmpty()) {
                throw ProblemException.invalidParam("file_ids", "at least one uploaded file is required");
            }
            List<String> known =
                    s.inputFiles.stream().map(ZignsecSession.File::id).toList();
            for (String fileId : fileIds) {
                if (!known.contains(fileId)) {
                    throw ProblemException.invalidParam("file_ids", "names a file not uploaded to this session");
                }
            }
            s.inputFiles.removeIf(f -> !fileIds.contains(f.id()));
            s.status = ZignsecSession.Status.Pending;
        }
        webhooks.stateChanged(s);
        autoDecide(s);
        return s;
    }

    /** Signs every file as the intended signer, one PAdES signature each, as BankID would. */
    public ZignsecSession sign(String id) {
        ZignsecSession s = find(id);
        synchronized (s) {
            requirePending(s);
            Instant at = clock.instant();
            List<ZignsecSession.File> signed = new ArrayList<>();
            for (ZignsecSession.File in : s.inputFiles) {
                try {
                    byte[] out = pades.sign(in.bytes(), users.byNin(s.personalNumber), at);
                    signed.add(new ZignsecSession.File(UUID.randomUUID().toString(), in.name(), out, md5(out)));
                } catch (IOException e) {
                    throw new ProblemException(
                            HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable", "The document could not be signed.");
                }
            }
            s.signedFiles.addAll(signed);
            s.status = ZignsecSession.Status.Finished;
        }
        webhooks.stateChanged(s);
        return s;
    }

    /** The signer cancels: ZignSec's {@code CANCELLED_BY_USER}, 410. */
    public ZignsecSession cancel(String id) {
        ZignsecSession s = find(id);
        synchronized (s) {
            requirePending(s);
            s.status = ZignsecSession.Status.Cancelled;
            s.errorCode = "CANCELLED_BY_USER";
            s.errorDescription = "Signing cancelled by the end-user";
            s.errorStatus = 410;
        }
        webhooks.stateChanged(s);
        return s;
    }

    ZignsecSession.File file(String sessionId, String fileId) {
        ZignsecSession s = find(sessionId);
        synchronized (s) {
            for (List<ZignsecSession.File> files : List.of(s.inputFiles, s.signedFiles)) {
                for (ZignsecSession.File f : files) {
                    if (f.id().equals(fileId)) {
                        return f;
                    }
                }
            }
        }
        throw new ProblemException(HttpStatus.NOT_FOUND, "not_found", "No such file in this session.");
    }

    /** The session as {@code GET /sessions/signing/{id}} and the webhook show it; file URLs below {@code root}. */
    static Map<String, Object> view(ZignsecSession s, String root) {
        synchronized (s) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", s.id);
            body.put("status", s.status.name());
            body.put("relay_state", s.relayState);
            body.put("created_at", s.createdAt.toString());
            body.put("expires_at", s.expiresAt.toString());
            if (s.status != ZignsecSession.Status.Created) {
                body.put("redirect_url", root + "/zignsec/sign/" + s.id);
            }
            List<Map<String, Object>> errors = new ArrayList<>();
            if (s.errorCode != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("code", s.errorCode);
                e.put("description", s.errorDescription);
                e.put("statusCode", s.errorStatus);
                errors.add(e);
            }
            body.put("errors", errors);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("inputFiles", files(s, s.inputFiles, root));
            result.put("signedFiles", files(s, s.signedFiles, root));
            body.put("result", result);
            return body;
        }
    }

    private static List<Map<String, Object>> files(ZignsecSession s, List<ZignsecSession.File> files, String root) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ZignsecSession.File f : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("name", f.name());
            m.put("url", root + "/zignsec/folders/" + s.id + "/media/" + f.id());
            m.put("mimeType", "application/pdf");
            m.put("md5", f.md5());
            out.add(m);
        }
        return out;
    }

    private void requirePending(ZignsecSession s) {
        expireIfDue(s);
        if (s.status != ZignsecSession.Status.Pending) {
            throw new ProblemException(
                    HttpStatus.CONFLICT, "conflict", "The session is " + s.status + ", not waiting for the signer.");
        }
    }

    /** A session not decided by its expiry ends cancelled, as ZignSec's do. Call holding the session's monitor. */
    private void expireIfDue(ZignsecSession s) {
        if ((s.status == ZignsecSession.Status.Pending || s.status == ZignsecSession.Status.Created)
                && !clock.instant().isBefore(s.expiresAt)) {
            s.status = ZignsecSession.Status.Cancelled;
            s.errorCode = "SESSION_EXPIRED";
            s.errorDescription = "The signing session expired";
            s.errorStatus = 408;
            webhooks.stateChanged(s);
        }
    }

    private void autoDecide(ZignsecSession s) {
        Knobs k = knobs.get();
        boolean reject = k.autoRejectNins().contains(s.personalNumber);
        if (!reject && k.autoSignAfter() == null) {
            return;
        }
        Duration delay = k.autoSignAfter() == null ? Duration.ZERO : k.autoSignAfter();
        scheduler.schedule(
                () -> {
                    try {
                        if (reject) {
                            cancel(s.id);
                        } else {
                            sign(s.id);
                        }
                    } catch (RuntimeException e) {
                        log.debug("Auto-decision of ZignSec session {} skipped: {}", s.id, e.getMessage());
                    }
                },
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private static String md5(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
