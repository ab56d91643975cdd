package no.signchain.simulator.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import org.springframework.stereotype.Component;

/** Webhook subscriptions: the configured ones plus those added at runtime through the control API. */
@Component
@InSimulatorContext
public class SubscriptionRegistry {

    public record Registered(String id, String url, String secret, boolean configured) {
        @Override
        public String toString() {
            return "Subscription[" + id + ", " + url + "]";
        }
    }

    private final List<Registered> configured;
    private final CopyOnWriteArrayList<Registered> runtime = new CopyOnWriteArrayList<>();

    public SubscriptionRegistry(SimulatorProperties props) {
        List<Registered> list = new ArrayList<>();
        int i = 0;
        for (SimulatorProperties.Subscription s : props.events().subscriptions()) {
            if (s.url() == null || s.url().isBlank()) {
                throw new IllegalArgumentException(
                        "signchain.simulator.events.subscriptions[" + i + "].url is required");
            }
            list.add(new Registered("config-" + i++, s.url(), s.secret(), true));
        }
        this.configured = List.copyOf(list);
    }

    public List<Registered> all() {
        List<Registered> all = new ArrayList<>(configured);
        all.addAll(runtime);
        return all;
    }

    public Registered add(String url, String secret) {
        Registered r = new Registered(UUID.randomUUID().toString(), url, secret, false);
        runtime.add(r);
        return r;
    }

    public boolean remove(String id) {
        return runtime.removeIf(r -> r.id().equals(id));
    }

    /** Removes the runtime subscriptions (the configured ones stay). */
    public void clearRuntime() {
        runtime.clear();
    }
}
