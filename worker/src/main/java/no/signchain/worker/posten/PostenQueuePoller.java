package no.signchain.worker.posten;

import java.time.Duration;
import no.signchain.activities.posten.PostenStatusQueue;
import no.signchain.store.contract.NationalId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes the sender's Posten status queue, in a thread of its own, for as long as the worker runs. Every worker process
 * runs one; the queue's turn in the database lets one of them poll at a time, at the time Posten permits.
 */
class PostenQueuePoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostenQueuePoller.class);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);

    private final PostenStatusQueue queue;
    private final Duration checkInterval;
    private final boolean enabled;
    private volatile Thread thread;

    PostenQueuePoller(PostenStatusQueue queue, Duration checkInterval, boolean enabled) {
        this.queue = queue;
        this.checkInterval = checkInterval;
        this.enabled = enabled;
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        thread = Thread.ofPlatform().daemon().name("signchain-posten-queue").start(this::run);
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!queue.pollOnce()) {
                    Thread.sleep(checkInterval);
                }
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException e) {
                // The change stays unconfirmed and comes back; the message may quote a provider's answer.
                log.warn("Posten status queue: {}", NationalId.redact(String.valueOf(e.getMessage())));
                try {
                    Thread.sleep(AFTER_FAILURE);
                } catch (InterruptedException stopping) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
