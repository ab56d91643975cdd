package no.signchain.simulator.signicatv1;

import java.nio.charset.StandardCharsets;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stand-in for Signicat's document viewer at a task's URL ({@code ${taskUrl}}:
 * {@code /signicat-v1/std/docaction?request_id=<order>&task_id=<task>}): the document to read, and Sign
 * ({@code decision=sign}) or Reject ({@code decision=reject}) buttons. {@code Accept: application/json} gets
 * {@code {requestId, taskId, taskStatus}}.
 */
@RestController
@InSimulatorContext
public class SignicatV1SignerPage {

    static final String PATH = "/signicat-v1/std/docaction";

    private final SignicatV1Orders orders;

    public SignicatV1SignerPage(SignicatV1Orders orders) {
        this.orders = orders;
    }

    @GetMapping(path = PATH)
    public ResponseEntity<String> page(
            @RequestParam("request_id") String requestId, @RequestParam("task_id") String taskId) {
        SignicatV1Order.Task task = orders.task(requestId, taskId);
        String query = "request_id=" + Html.esc(requestId) + "&amp;task_id=" + Html.esc(taskId);
        StringBuilder b = new StringBuilder();
        b.append("<h1 id=\"session-title\">")
                .append(Html.esc(task.description == null ? "Document" : task.description))
                .append("</h1>\n<dl>\n<dt>Signer</dt><dd id=\"signer\">BankID ")
                .append(Html.esc(Nin.mask(task.nationalId)))
                .append("</dd>\n<dt>Status</dt><dd id=\"state\" class=\"state\">")
                .append(task.status)
                .append("</dd>\n<dt>Document</dt><dd><a href=\"")
                .append(PATH)
                .append("/document?")
                .append(query)
                .append("\" target=\"_blank\">Document</a></dd>\n</dl>\n");
        if (task.status == SignicatV1Order.Status.CREATED) {
            b.append("""
                    <form method="post" action="%s?%s">
                    <button type="submit" id="sign-button" name="decision" value="sign">Sign with BankID</button>
                    <button type="submit" id="reject-button" name="decision" value="reject">Reject</button>
                    </form>
                    """.formatted(PATH, query));
        } else {
            b.append("<p id=\"message\">This task is ").append(task.status).append(".</p>");
        }
        return html(Html.page("Signicat signing", b.toString()));
    }

    @GetMapping(path = PATH + "/document")
    public ResponseEntity<byte[]> document(
            @RequestParam("request_id") String requestId, @RequestParam("task_id") String taskId) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(orders.task(requestId, taskId).document);
    }

    @PostMapping(path = PATH)
    public ResponseEntity<?> decide(
            @RequestParam("request_id") String requestId,
            @RequestParam("task_id") String taskId,
            @RequestParam(required = false) String decision,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (!"sign".equals(decision) && !"reject".equals(decision)) {
            throw ProblemException.invalidParam("decision", "must be 'sign' or 'reject'");
        }
        SignicatV1Order.Task task =
                "sign".equals(decision) ? orders.sign(requestId, taskId) : orders.reject(requestId, taskId);
        String status = task.status.name().toLowerCase(java.util.Locale.ROOT);
        if (accept != null && accept.contains("application/json")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("requestId", requestId);
            body.put("taskId", taskId);
            body.put("taskStatus", status);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
        }
        String text = task.status == SignicatV1Order.Status.COMPLETED
                ? "<h1 id=\"result\">Signed</h1><p>The document is signed.</p>"
                : "<h1 id=\"result\">Rejected</h1><p>You rejected signing.</p>";
        return html(Html.page(status, text + "<p id=\"state\">" + task.status + "</p>"));
    }

    private static ResponseEntity<String> html(String body) {
        return ResponseEntity.status(HttpStatus.OK)
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .body(body);
    }
}
