package no.signchain.simulator.posten;

import java.util.List;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The fake Posten service's control, beside the other simulators' ({@code /simulator/control/posten/…}): the jobs a
 * sender created with a reference, each signer's page and status, so a demo or a test finds the page a signer would
 * reach from Posten's notification (a portal job's API answer names no signer URL), and how many status changes
 * the job queued and how many the sender confirmed (an audit's count of changes lost); and the fault and expiry knobs.
 * No national identity numbers in what it answers.
 */
@RestController
@InSimulatorContext
@ConditionalOnProperty(name = "signchain.simulator.posten.enabled", havingValue = "true")
public class PostenControlController {

    private final PostenJobs jobs;

    public PostenControlController(PostenJobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping(path = "/simulator/control/posten/jobs", produces = "application/json")
    public List<Map<String, Object>> jobs(@RequestParam String reference) {
        String pages = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/posten/sign/")
                .toUriString();
        return jobs.withReference(reference).stream()
                .map(job -> {
                    List<Map<String, Object>> signers = jobs.signers(job).stream()
                            .map(s -> Map.<String, Object>of(
                                    "number", s.number(),
                                    "status", s.status().name(),
                                    "page", pages + job.id + "/" + s.number()))
                            .toList();
                    PostenJobs.Changes changes = jobs.changes(job);
                    synchronized (jobs) {
                        return Map.<String, Object>of(
                                "jobId",
                                job.id,
                                "reference",
                                job.reference,
                                "status",
                                job.status.name(),
                                "signers",
                                signers,
                                "statusChanges",
                                changes.queued(),
                                "confirmedStatusChanges",
                                changes.confirmed());
                    }
                })
                .toList();
    }

    /** Fault knobs: the next {@code failApiCalls} API calls answered 503; the next {@code loseCreateAnswers} jobs made
     * but their answers lost. */
    @PostMapping(path = "/simulator/control/posten/faults", produces = "application/json")
    public Map<String, Object> faults(
            @RequestParam(defaultValue = "0") int failApiCalls,
            @RequestParam(defaultValue = "0") int loseCreateAnswers) {
        jobs.failNextApiCalls(failApiCalls);
        jobs.loseNextCreateAnswers(loseCreateAnswers);
        return Map.of("failApiCalls", failApiCalls, "loseCreateAnswers", loseCreateAnswers);
    }

    /** Knob: the job's availability runs out now, as at its deadline. */
    @PostMapping(path = "/simulator/control/posten/jobs/{jobId}/expire", produces = "application/json")
    public Map<String, Object> expire(@PathVariable long jobId) {
        return Map.of("expired", jobs.expire(jobId));
    }
}
