package no.signchain.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import no.signchain.store.audit.ContractEvents;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Acting on a running contract (cancel, replace a signer, move a deadline, remind) and reading what happened to it.
 * Every control answers with the contract as it stands: 200 once the control took effect, 202 when the contract's
 * workflow took it but had not applied it within {@code signchain.contracts.control-timeout} (its events show the
 * outcome).
 *
 * <p>Each control takes an optional {@code Idempotency-Key}: repeated with the same key (after a 503 or a lost
 * answer), the control acts at most once and answers as the first attempt did; the same key asking something else is
 * a 409.
 */
@RestController
@RequestMapping("/api/v1/contracts/{id}")
public class ContractControlController {

    private final ContractControls controls;
    private final ContractLookup lookup;
    private final ContractEvents events;
    private final StrictJson json;

    public ContractControlController(
            ContractControls controls, ContractLookup lookup, ContractEvents events, StrictJson json) {
        this.controls = controls;
        this.lookup = lookup;
        this.events = events;
        this.json = json;
    }

    /** The body of a cancellation. */
    public record CancelRequest(String reason) {}

    /** The body of a deadline change. */
    public record DeadlineChange(OffsetDateTime deadline) {}

    /** Cancel: the open session is withdrawn, no later signer gets one, and the contract ends CANCELLED. */
    @PostMapping(value = "/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ContractView> cancel(
            @PathVariable String id,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        var contract = lookup.find(id);
        var outcome = controls.cancel(
                contract,
                json.read(body, CancelRequest.class, "body", "is required: {\"reason\": \"...\"}")
                        .reason(),
                idempotencyKey);
        return answer(contract.id(), outcome);
    }

    /**
     * Put another person in signer {@code index}'s place (the body is a signer, as at submission, without a
     * deadline). The current signer's session is withdrawn and a new one opened on the same document version; a later
     * signer is replaced before their turn. 409 when the signer has already decided.
     */
    @PutMapping(value = "/signers/{index}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ContractView> replaceSigner(
            @PathVariable String id,
            @PathVariable int index,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        var contract = lookup.find(id);
        var outcome = controls.replaceSigner(
                contract,
                index,
                json.readNamed(body, SignerSubmission.class, "signer", "is required: the person who signs instead"),
                idempotencyKey);
        return answer(contract.id(), outcome);
    }

    /** Move signer {@code index}'s deadline; an open session's due date moves with it. */
    @PatchMapping(value = "/signers/{index}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ContractView> changeDeadline(
            @PathVariable String id,
            @PathVariable int index,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        var contract = lookup.find(id);
        var outcome = controls.changeDeadline(
                contract,
                index,
                json.read(body, DeadlineChange.class, "body", "is required: {\"deadline\": \"2026-12-24T12:00:00Z\"}")
                        .deadline(),
                idempotencyKey);
        return answer(contract.id(), outcome);
    }

    /** Remind signer {@code index} now: by e-mail where configured, and by a {@code signer.reminder_due} callback. */
    @PostMapping("/signers/{index}/remind")
    public ResponseEntity<ContractView> remind(
            @PathVariable String id,
            @PathVariable int index,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        var contract = lookup.find(id);
        var outcome = controls.remind(contract, index, idempotencyKey);
        return answer(contract.id(), outcome);
    }

    private ResponseEntity<ContractView> answer(String id, ContractControls.Outcome outcome) {
        return ResponseEntity.status(outcome == ContractControls.Outcome.TAKEN ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(lookup.view(id));
    }

    /**
     * The audit trail: everything that happened to the contract, oldest first, with who acted ({@code api},
     * {@code operator:<name>}, {@code signer 2}, {@code signchain}, {@code schedule}). Kept in signchain's database,
     * so it outlives Temporal's retention.
     */
    @GetMapping("/events")
    public List<EventView> events(@PathVariable String id) {
        return events.of(lookup.find(id).id()).stream().map(EventView::of).toList();
    }

    /** One entry of the audit trail; what an entry does not have (its signer, a detail) is left out, not null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(Instant occurredAt, String kind, String actor, Integer signerIndex, String detail) {
        static EventView of(ContractEvents.Entry entry) {
            return new EventView(entry.occurredAt(), entry.kind(), entry.actor(), entry.signerIndex(), entry.detail());
        }
    }
}
