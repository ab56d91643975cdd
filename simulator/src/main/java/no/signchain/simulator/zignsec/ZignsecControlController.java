package no.signchain.simulator.zignsec;

import java.util.List;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the ZignSec part did, for audits after a run (loopback only, like the rest of the control API): every session
 * with signchain's reference, and every state change it emitted to a webhook. An audit compares them with
 * signchain's own records: at most one session per step, and no emitted change missing from signchain's inbox.
 */
@RestController
@InSimulatorContext
public class ZignsecControlController {

    private final ZignsecSessions sessions;
    private final ZignsecWebhooks webhooks;

    public ZignsecControlController(ZignsecSessions sessions, ZignsecWebhooks webhooks) {
        this.sessions = sessions;
        this.webhooks = webhooks;
    }

    /** Every session ever created, oldest first: id, externalReference (the {@code relay_state}), state, signed, signable. */
    @GetMapping(path = "/simulator/control/zignsec/sessions")
    public List<Map<String, Object>> sessions() {
        return sessions.ledger();
    }

    /** Every state change emitted to a webhook, oldest first: signingSessionId, status, dropped (by the knob). */
    @GetMapping(path = "/simulator/control/zignsec/events")
    public Map<String, Object> events() {
        return Map.of("events", webhooks.emitted());
    }
}
