package no.signchain.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared plumbing: the clock, the scheduler for timers (auto-sign, sweeps), a SecureRandom. */
@Configuration(proxyBeanMethods = false)
@InSimulatorContext
public class SimulatorInfrastructure {

    /** Beans of the simulator's own context; named so they never collide with a host application's. */
    @Bean
    public Clock simulatorClock() {
        return Clock.systemUTC();
    }

    @Bean
    public SecureRandom simulatorSecureRandom() {
        return new SecureRandom();
    }

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService simulatorScheduler() {
        return Executors.newScheduledThreadPool(2, daemonThreads("signchain-sim-timer-"));
    }

    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
