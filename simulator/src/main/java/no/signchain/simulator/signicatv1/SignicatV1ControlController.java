package no.signchain.simulator.signicatv1;

import java.util.List;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the Sign API v1 part did, for audits after a run (loopback only, like the rest of the control API): every task
 * with its order's client reference, and every URL notification it emitted. An audit compares them with signchain's
 * own records: at most one signable task per step, and no emitted notification missing from signchain's inbox.
 */
@RestController
@InSimulatorContext
public class SignicatV1ControlController {

    private final SignicatV1Orders orders;
    private final SignicatV1Notifications notifications;

    public SignicatV1ControlController(SignicatV1Orders orders, SignicatV1Notifications notifications) {
        this.orders = orders;
        this.notifications = notifications;
    }

    /** Every task ever ordered, oldest first: id ({@code <orderId>:<taskId>}), externalReference, state, signed. */
    @GetMapping(path = "/simulator/control/signicat-v1/tasks")
    public List<Map<String, Object>> tasks() {
        return orders.ledger();
    }

    /** Every URL notification emitted, oldest first: requestId, taskId, message, dropped (by the knob). */
    @GetMapping(path = "/simulator/control/signicat-v1/notifications")
    public Map<String, Object> notifications() {
        return Map.of("events", notifications.emitted());
    }
}
