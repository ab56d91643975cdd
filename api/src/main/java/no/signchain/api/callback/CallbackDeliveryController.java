package no.signchain.api.callback;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import no.signchain.api.contract.ContractLookup;
import no.signchain.api.problem.ApiProblem;
import no.signchain.store.callback.CallbackOutbox;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A contract's callback deliveries: the log of every attempt, and sending one again. */
@RestController
@RequestMapping("/api/v1/contracts/{id}/deliveries")
public class CallbackDeliveryController {

    private final ContractLookup contracts;
    private final CallbackOutbox outbox;
    private final CallbackProperties settings;
    private final Clock clock;

    public CallbackDeliveryController(
            ContractLookup contracts, CallbackOutbox outbox, CallbackProperties settings, Clock clock) {
        this.contracts = contracts;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
    }

    /** Every delivery of the contract's events, in event order, each with its attempts and their answers. */
    @GetMapping
    public List<DeliveryView> deliveries(@PathVariable String id) {
        String contractId = contracts.find(id).id();
        return outbox.deliveries(contractId).stream()
                .map(d -> DeliveryView.of(d, clock.instant()))
                .toList();
    }

    /**
     * Sends the delivery again, with the same {@code webhook-id} and body: it becomes {@code pending}, is attempted at
     * once (after any earlier pending delivery to the same target), and retried for {@code retry-for} again.
     */
    @PostMapping("/{deliveryId}/redeliver")
    public ResponseEntity<DeliveryView> redeliver(@PathVariable String id, @PathVariable String deliveryId) {
        String contractId = contracts.find(id).id();
        if (!isUuid(deliveryId)) {
            throw ApiProblem.notFound("not a delivery id");
        }
        return outbox.redeliver(contractId, deliveryId, settings.retryFor())
                .map(d -> ResponseEntity.status(HttpStatus.ACCEPTED).body(DeliveryView.of(d, clock.instant())))
                .orElseThrow(() -> ApiProblem.notFound("the contract has no such delivery"));
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
