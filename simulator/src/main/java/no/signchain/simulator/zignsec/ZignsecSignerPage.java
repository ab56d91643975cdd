package no.signchain.simulator.zignsec;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.identity.Nin;
import no.signchain.simulator.problem.ProblemException;
import no.signchain.simulator.signer.Html;
import org.springframework.http.CacheControl;
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
 * The stand-in for ZignSec's hosted BankID signing flow, at the session's {@code redirect_url}
 * ({@code /zignsec/sign/{id}}): the document to read, and Sign ({@code decision=sign}) or Cancel
 * ({@code decision=reject}) buttons. After a decision the browser goes to the session's success or failure URL
 * (303), or, without one, gets a result page; {@code Accept: application/json} gets {@code {id, status}}.
 */
@RestController
@InSimulatorContext
public class ZignsecSignerPage {

    private final ZignsecSessions sessions;

    public ZignsecSignerPage(ZignsecSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping(path = "/zignsec/sign/{id}")
    public ResponseEntity<String> page(@PathVariable String id) {
        ZignsecSession s = sessions.find(id);
        StringBuilder b = new StringBuilder();
        b.append("<h1 id=\"session-title\">").append(Html.esc(s.title == null ? "Document" : s.title));
        b.append("</h1>\n<dl>\n<dt>Signer</dt><dd id=\"signer\">BankID ")
                .append(Html.esc(Nin.mask(s.personalNumber)))
                .append("</dd>\n<dt>Status</dt><dd id=\"state\" class=\"state\">")
                .append(s.status)
                .append("</dd>\n<dt>Document</dt><dd>");
        for (ZignsecSession.File f : s.inputFiles) {
            b.append("<a href=\"")
                    .append(Html.esc(id))
                    .append("/document/")
                    .append(Html.esc(f.id()))
                    .append("\" target=\"_blank\">")
                    .append(Html.esc(f.name()))
                    .append("</a><br>");
        }
        b.append("</dd>\n</dl>\n");
        if (s.status == ZignsecSession.Status.Pending) {
            b.append("""
                    <form method="post" action="%s">
                    <button type="submit" id="sign-button" name="decision" value="sign">Sign with BankID</button>
                    <button type="submit" id="reject-button" name="decision" value="reject">Cancel</button>
                    </form>
                    """.formatted(Html.esc(id)));
        } else {
            b.append("<p id=\"message\">This signing session is ")
                    .append(s.status)
                    .append(".</p>");
        }
        return html(HttpStatus.OK, Html.page("ZignSec signing", b.toString()));
    }

    @GetMapping(path = "/zignsec/sign/{id}/document/{fileId}")
    public ResponseEntity<byte[]> document(@PathVariable String id, @PathVariable String fileId) {
        ZignsecSession s = sessions.find(id);
        boolean input = s.inputFiles.stream().anyMatch(f -> f.id().equals(fileId));
        if (!input) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not_found", "No such document.");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .body(sessions.file(id, fileId).bytes());
    }

    @PostMapping(path = "/zignsec/sign/{id}")
    public ResponseEntity<?> decide(
            @PathVariable String id,
            @RequestParam(required = false) String decision,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (!"sign".equals(decision) && !"reject".equals(decision)) {
            throw ProblemException.invalidParam("decision", "must be 'sign' or 'reject'");
        }
        ZignsecSession s = "sign".equals(decision) ? sessions.sign(id) : sessions.cancel(id);
        if (accept != null && accept.contains("application/json")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", s.id);
            body.put("status", s.status.name());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
        }
        String back = s.status == ZignsecSession.Status.Finished ? s.successUrl : s.failureUrl;
        if (back != null) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .location(URI.create(back))
                    .build();
        }
        String text = s.status == ZignsecSession.Status.Finished
                ? "<h1 id=\"result\">Signed</h1><p>The document is signed.</p>"
                : "<h1 id=\"result\">Cancelled</h1><p>You cancelled signing.</p>";
        return html(HttpStatus.OK, Html.page(s.status.name(), text + "<p id=\"state\">" + s.status + "</p>"));
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status)
                .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .body(body);
    }
}
