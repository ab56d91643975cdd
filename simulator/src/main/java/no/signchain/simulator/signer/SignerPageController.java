package no.signchain.simulator.signer;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.documents.DocumentStore;
import no.signchain.simulator.documents.StoredDocument;
import no.signchain.simulator.identity.Nin;
import no.signchain.simulator.problem.ProblemAdvice;
import no.signchain.simulator.problem.ProblemException;
import no.signchain.simulator.sessions.SessionService;
import no.signchain.simulator.sessions.SessionState;
import no.signchain.simulator.sessions.SignOptions;
import no.signchain.simulator.sessions.SigningSession;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulator's stand-in for the BankID signing UI, at the session's {@code signatureUrl}:
 * <ul>
 *   <li>{@code GET /signer/{sessionId}}: HTML page with title, intended signer (name, masked NIN), a link to the
 *       document and a form with the buttons Sign ({@code #sign-button}, {@code decision=sign}) and Reject
 *       ({@code #reject-button}, {@code decision=reject}).</li>
 *   <li>{@code GET /signer/{sessionId}/document?n=0}: the n-th document of the session (PDF, inline).</li>
 *   <li>{@code POST /signer/{sessionId}} form {@code decision=sign|reject}: signs as the intended signer or
 *       rejects, synchronously; HTML result page, or {@code {sessionId, state}} JSON with
 *       {@code Accept: application/json}. Not READY: 409; link past signatureUrlExpiresAt: 410; unknown: 404.
 *       Test knobs with {@code decision=sign} (no button sends them): {@code signAs=<nin>} signs with that test
 *       user's certificate (an impostor), {@code tamper=earlier-revision|unsigned} (see
 *       {@link SignOptions.Tamper}); a wrong value is a 400 problem.</li>
 * </ul>
 * No authentication (the real page authenticates the signer with BankID instead).
 */
@RestController
@InSimulatorContext
public class SignerPageController {

    private final SessionService sessions;
    private final DocumentStore documents;
    private final ProblemAdvice problems;
    private final Clock clock;

    public SignerPageController(
            SessionService sessions, DocumentStore documents, ProblemAdvice problems, Clock simulatorClock) {
        this.sessions = sessions;
        this.documents = documents;
        this.problems = problems;
        this.clock = simulatorClock;
    }

    @GetMapping(path = "/signer/{sessionId}")
    public ResponseEntity<?> page(
            @PathVariable String sessionId,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        SigningSession s = sessions.find(sessionId);
        if (s == null) {
            return error(accept, HttpStatus.NOT_FOUND, "not_found", "This signing session does not exist (any more).");
        }
        String who = Html.esc(s.signerName()) + " (" + Html.esc(Nin.mask(s.signerNin())) + ")";
        StringBuilder b = new StringBuilder();
        b.append("<h1 id=\"session-title\">").append(Html.esc(s.title())).append("</h1>\n<dl>\n");
        b.append("<dt>Signer</dt><dd id=\"signer\">").append(who).append("</dd>\n");
        b.append("<dt>State</dt><dd id=\"state\" class=\"state\">")
                .append(s.state())
                .append("</dd>\n");
        b.append("<dt>Document</dt><dd>");
        List<SigningSession.SessionDocument> docs = s.documents();
        for (int i = 0; i < docs.size(); i++) {
            b.append("<a id=\"document-link-")
                    .append(i)
                    .append("\" href=\"")
                    .append(Html.esc(s.id()))
                    .append("/document?n=")
                    .append(i)
                    .append("\" target=\"_blank\">View document")
                    .append(docs.size() > 1 ? " " + (i + 1) : "")
                    .append(" (PDF)</a><br>");
        }
        b.append("</dd>\n</dl>\n");
        if (s.state() == SessionState.READY && !urlExpired(s)) {
            b.append("""
                    <form method="post" action="%s">
                    <div class="buttons">
                    <button type="submit" id="sign-button" name="decision" value="sign">Sign</button>
                    <button type="submit" id="reject-button" name="decision" value="reject">Reject</button>
                    </div>
                    </form>
                    """.formatted(Html.esc(s.id()))); // relative to /signer/{id}: posts to the signatureUrl
        } else if (s.state() == SessionState.READY) {
            b.append("<p id=\"message\">This signing link has expired.</p>");
        } else {
            b.append("<p id=\"message\">This signing session is ")
                    .append(s.state())
                    .append(".</p>");
        }
        return html(HttpStatus.OK, Html.page(s.title(), b.toString()));
    }

    @GetMapping(path = "/signer/{sessionId}/document")
    public ResponseEntity<?> document(
            @PathVariable String sessionId,
            @RequestParam(defaultValue = "0") int n,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        SigningSession s = sessions.find(sessionId);
        if (s == null || n < 0 || n >= s.documents().size()) {
            return error(accept, HttpStatus.NOT_FOUND, "not_found", "No such document.");
        }
        StoredDocument d = documents.find(s.documents().get(n).documentId());
        if (d == null) {
            return error(accept, HttpStatus.NOT_FOUND, "not_found", "The document is no longer available.");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(d.mimeType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename(d.filename() != null ? d.filename() : "document.pdf")
                                .build()
                                .toString())
                .body(d.bytes());
    }

    @PostMapping(path = "/signer/{sessionId}")
    public ResponseEntity<?> decide(
            @PathVariable String sessionId,
            @RequestParam(required = false) String decision,
            @RequestParam(required = false) String signAs,
            @RequestParam(required = false) String tamper,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        SigningSession s = sessions.find(sessionId);
        if (s == null) {
            return error(accept, HttpStatus.NOT_FOUND, "not_found", "This signing session does not exist (any more).");
        }
        if (!"sign".equals(decision) && !"reject".equals(decision)) {
            return error(accept, HttpStatus.BAD_REQUEST, "bad_request", "decision must be 'sign' or 'reject'.");
        }
        // Test knobs (no button sends them): always answered as problem+json when wrong.
        SignOptions options;
        try {
            options = signOptions(decision, signAs, tamper);
        } catch (ProblemException e) {
            return problems.toResponse(e);
        }
        if (s.state() == SessionState.READY && urlExpired(s)) {
            return error(accept, HttpStatus.GONE, "gone", "This signing link has expired.");
        }
        try {
            s = "sign".equals(decision) ? sessions.sign(sessionId, options) : sessions.reject(sessionId);
        } catch (ProblemException e) {
            return error(accept, e.status(), e.code(), e.getMessage());
        }
        if (wantsJson(accept)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sessionId", s.id());
            body.put("state", s.state().name());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
        }
        String text = s.state() == SessionState.SIGNED
                ? "<h1 id=\"result\">Signed</h1><p>Thank you, " + Html.esc(s.signerName())
                        + ". The document is signed.</p>"
                : "<h1 id=\"result\">Rejected</h1><p>You rejected signing &laquo;" + Html.esc(s.title())
                        + "&raquo;.</p>";
        return html(
                HttpStatus.OK,
                Html.page(
                        s.state() == SessionState.SIGNED ? "Signed" : "Rejected",
                        text + "<p id=\"state\" class=\"state\">" + s.state() + "</p>"));
    }

    private static SignOptions signOptions(String decision, String signAs, String tamper) {
        boolean hasSignAs = signAs != null && !signAs.isBlank();
        boolean hasTamper = tamper != null && !tamper.isBlank();
        if (!"sign".equals(decision) && (hasSignAs || hasTamper)) {
            throw ProblemException.invalidParam(hasSignAs ? "signAs" : "tamper", "only applies to decision=sign");
        }
        if (hasSignAs && !Nin.isWellFormed(signAs.trim())) {
            throw ProblemException.invalidParam("signAs", "must be an 11-digit national identity number");
        }
        SignOptions.Tamper t = null;
        if (hasTamper) {
            try {
                t = SignOptions.Tamper.parse(tamper.trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidParam("tamper", "must be 'earlier-revision' or 'unsigned'");
            }
        }
        return new SignOptions(hasSignAs ? signAs.trim() : null, t);
    }

    private boolean urlExpired(SigningSession s) {
        return !clock.instant().isBefore(s.signatureUrlExpiresAt());
    }

    private ResponseEntity<?> error(String accept, HttpStatus status, String code, String detail) {
        if (wantsJson(accept)) {
            return problems.toResponse(new ProblemException(status, code, detail));
        }
        return html(
                status,
                Html.page(
                        status.getReasonPhrase(),
                        "<h1 id=\"error\">" + Html.esc(status.getReasonPhrase()) + "</h1><p>" + Html.esc(detail)
                                + "</p>"));
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status)
                .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(org.springframework.http.CacheControl.noStore())
                .body(body);
    }

    private static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        try {
            for (MediaType m : MediaType.parseMediaTypes(accept)) {
                if (m.isWildcardType()) {
                    continue;
                }
                if (m.isCompatibleWith(MediaType.TEXT_HTML)) {
                    return false;
                }
                if (m.isCompatibleWith(MediaType.APPLICATION_JSON)
                        || m.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }
}
