package no.signchain.simulator.collections;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.stereotype.Component;

/** Document collections in memory; same retention rule as documents (unused: 30 min; in a session: dueDate + 7 d). */
@Component
@InSimulatorContext
public class CollectionStore {

    private final ConcurrentHashMap<String, DocumentCollection> collections = new ConcurrentHashMap<>();
    private final SimulatorProperties props;
    private final Clock clock;

    public CollectionStore(SimulatorProperties props, Clock simulatorClock) {
        this.props = props;
        this.clock = simulatorClock;
    }

    public DocumentCollection create(List<String> documentIds, List<String> packageTo) {
        Instant now = clock.instant();
        DocumentCollection c = new DocumentCollection(
                UUID.randomUUID().toString(), documentIds, packageTo, now, now.plus(props.documentRetentionUnused()));
        collections.put(c.id(), c);
        return c;
    }

    public DocumentCollection find(String id) {
        DocumentCollection c = collections.get(id);
        if (c != null && c.isExpired(clock.instant())) {
            collections.remove(id, c);
            return null;
        }
        return c;
    }

    public DocumentCollection get(String id) {
        DocumentCollection c = find(id);
        if (c == null) {
            throw ProblemException.notFound("Document collection", id);
        }
        return c;
    }

    public boolean delete(String id) {
        return collections.remove(id) != null;
    }

    public void purgeExpired(Instant now) {
        collections.values().removeIf(c -> c.isExpired(now));
    }

    public void clear() {
        collections.clear();
    }
}
