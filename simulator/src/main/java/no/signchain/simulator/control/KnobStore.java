package no.signchain.simulator.control;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import org.springframework.stereotype.Component;

/**
 * The current knobs (configured values, changed at runtime by the control API) and the random sources for fault
 * and event decisions (seeded when {@code seed} is set, so a sequential test run is reproducible).
 */
@Component
@InSimulatorContext
public class KnobStore {

    private record State(Knobs knobs, Random faultRandom, Random eventRandom) {}

    private final Knobs configured;
    private final AtomicReference<State> state = new AtomicReference<>();
    private final AtomicInteger failNextCalls = new AtomicInteger();

    public KnobStore(SimulatorProperties props) {
        this.configured = props.knobs();
        set(configured);
    }

    public Knobs get() {
        return state.get().knobs();
    }

    /** Replaces the knobs; the random sources are re-created (seeded if {@code seed} is set). */
    public void set(Knobs knobs) {
        Long seed = knobs.seed();
        state.set(new State(
                knobs,
                seed == null ? new Random() : new Random(seed),
                seed == null ? new Random() : new Random(seed ^ 0x5DEECE66DL)));
    }

    public void reset() {
        set(configured);
        failNextCalls.set(0);
    }

    public Random faultRandom() {
        return state.get().faultRandom();
    }

    public Random eventRandom() {
        return state.get().eventRandom();
    }

    /** Makes the next {@code n} API calls fail (status from failStatuses), regardless of failRate. */
    public void setFailNextCalls(int n) {
        failNextCalls.set(Math.max(0, n));
    }

    public int failNextCalls() {
        return failNextCalls.get();
    }

    /** Takes one of the "fail next" calls if any is left. */
    boolean takeFailNext() {
        return failNextCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
