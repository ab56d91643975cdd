package no.signchain.simulator.posten;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.identity.Nin;
import no.signchain.simulator.problem.ProblemException;
import no.signchain.simulator.signer.Html;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
 * The stand-in for Posten's signing portal, one page per signer of a job ({@code /posten/sign/{job}/{signer}}, the
 * signer numbered from 1 in the order the manifest lists them): the document, and Sign ({@code decision=sign}) or
 * Reject ({@code decision=reject}). A page opens only on its signer's turn; before it, and after the job has ended, it
 * refuses (409). {@code Accept: application/json} gets {@code {job, signer, status, jobStatus}}.
 *
 * <p>Posten's portal lives on the web, not behind two-way TLS, so these pages are on the simulator's own port.
 */
@RestController
@InSimulatorContext
@ConditionalOnProperty(name = "signchain.simulator.posten.enabled", havingValue = "true")
public class PostenSignerPage {

    private final PostenJobs jobs;

    public PostenSignerPage(PostenJobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping(path = "/posten/sign/{jobId}/{signer}")
    public ResponseEntity<String> page(@PathVariable long jobId, @PathVariable int signer) {
        PostenJob job = jobs.find(jobId).orElseThrow(() -> ProblemException.notFound("signature job", "" + jobId));
        var snapshot = jobs.signers(job).stream()
                .filter(s -> s.number() == signer)
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("signer", "" + signer));
        boolean turn;
        synchronized (jobs) {
            turn = job.isTurnOf(job.signer(signer));
        }
        StringBuilder b = new StringBuilder();
        b.append("<h1 id=\"job-title\">")
                .append(Html.esc(job.title))
                .append("</h1>\n<dl>\n")
                .append("<dt>Signer</dt><dd id=\"signer\">BankID ")
                .append(Html.esc(Nin.mask(snapshot.nin())))
                .append("</dd>\n<dt>Status</dt><dd id=\"state\">")
                .append(snapshot.status())
                .append("</dd>\n<dt>Job</dt><dd id=\"job-state\">")
                .append(job.status)
                .append("</dd>\n</dl>\n");
        if (turn) {
            b.append("""
                    <form method="post">
                    <button type="submit" id="sign-button" name="decision" value="sign">Sign with BankID</button>
                    <button type="submit" id="reject-button" name="decision" value="reject">Reject</button>
                    </form>
                    """);
            return html(HttpStatus.OK, b.toString());
        }
        b.append("<p id=\"message\">This page is not open: ")
                .append(
                        job.status == PostenJob.Status.IN_PROGRESS
                                        && snapshot.status() == PostenJob.SignerStatus.WAITING
                                ? "signers before you have not signed yet."
                                : "there is nothing left for you to sign.")
                .append("</p>");
        return html(HttpStatus.CONFLICT, b.toString());
    }

    @PostMapping(path = "/posten/sign/{jobId}/{signer}")
    public ResponseEntity<?> decide(
            @PathVariable long jobId,
            @PathVariable int signer,
            @RequestParam(required = false) String decision,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept)
            throws IOException {
        if (!"sign".equals(decision) && !"reject".equals(decision)) {
            throw ProblemException.invalidParam("decision", "must be 'sign' or 'reject'");
        }
        PostenJob job;
        try {
            job = jobs.decide(
                    jobId, signer, "sign".equals(decision) ? PostenJobs.Decision.SIGN : PostenJobs.Decision.REJECT);
        } catch (NoSuchElementException e) {
            throw ProblemException.notFound("signer", jobId + "/" + signer);
        } catch (PostenJobs.NotYourTurn e) {
            throw new ProblemException(HttpStatus.CONFLICT, "not_your_turn", e.getMessage());
        }
        PostenJob.Signer s = job.signer(signer);
        if (accept != null && accept.contains("application/json")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("job", job.id);
            body.put("signer", signer);
            body.put("status", s.status.name());
            body.put("jobStatus", job.status.name());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return html(HttpStatus.OK, "<h1 id=\"result\">" + s.status + "</h1><p id=\"job-state\">" + job.status + "</p>");
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status)
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .body(Html.page("Posten signering", body));
    }
}
