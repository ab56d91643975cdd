package no.signchain.simulator.signicatv1;

import java.util.List;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorBaseUrl;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Sign API v1 part's control (loopback only, like the rest of the control API): an order's view without a token,
 * a task's expiry brought forward, and what it did, for audits after a run: every task with its order's client
 * reference, and every URL notification it emitted. An audit compares them with signchain's
 * own records: at most one signable task per step, and no emitted notification missing from signchain's inbox.
 */
@RestController
@InSimulatorContext
public class SignicatV1ControlController {

    private final SignicatV1Orders orders;
    private final SignicatV1Notifications notifications;
    private final SimulatorBaseUrl baseUrl;

    public SignicatV1ControlController(
            SignicatV1Orders orders, SignicatV1Notifications notifications, SimulatorBaseUrl baseUrl) {
        this.orders = orders;
        this.notifications = notifications;
        this.baseUrl = baseUrl;
    }

    /** The order as the API shows it, for tests and operators, without a token (loopback only). */
    @GetMapping(path = "/simulator/control/signicat-v1/orders/{orderId}")
    public Map<String, Object> controlView(@PathVariable String orderId) {
        return SignicatV1Orders.orderView(orders.find(orderId), baseUrl.get());
    }

    /** Ends a waiting task as if its {@code daysToLive} had passed; its EXPIRED notifications follow. */
    @PostMapping(path = "/simulator/control/signicat-v1/orders/{orderId}/tasks/{taskId}/expire")
    public Map<String, Object> expire(@PathVariable String orderId, @PathVariable String taskId) {
        orders.expire(orderId, taskId);
        return SignicatV1Orders.statusView(orders.find(orderId), orders.task(orderId, taskId), baseUrl.get());
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
