package no.signchain.store.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * How items group: alone at once, together while earlier writes are in flight, and what a failure does to a group. No
 * timing: the writes in flight are held on a latch until the next group has queued.
 */
class GroupCommitTest {

    final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch holdFirstWrites = new CountDownLatch(1);
    final ExecutorService callers = Executors.newCachedThreadPool();

    /** Answers true for every item; refuses "refused" as the database refuses a row, fails all on "unreachable". */
    final GroupCommit<String> commit = new GroupCommit<>(2, group -> {
        groups.add(group);
        if (group.contains("held-1") || group.contains("held-2")) {
            await(holdFirstWrites);
        }
        if (group.contains("unreachable")) {
            throw new DataAccessResourceFailureException("connection refused");
        }
        if (group.contains("refused")) {
            throw new DataIntegrityViolationException("value too long");
        }
        return group.stream().map(item -> true).toList();
    });

    @AfterEach
    void stop() {
        holdFirstWrites.countDown();
        callers.shutdownNow();
    }

    @Test
    void anItemAloneIsWrittenAtOnceByItsCaller() {
        assertThat(commit.write("one")).isTrue();
        assertThat(commit.write("two")).isTrue();

        assertThat(groups).containsExactly(List.of("one"), List.of("two"));
    }

    @Test
    void whileAWriterIsFreeAnItemIsWrittenAloneBesideAWriteInFlight() throws Exception {
        Future<Boolean> held = callers.submit(() -> commit.write("held-1"));
        until(() -> !groups.isEmpty());

        assertThat(commit.write("beside")).isTrue();
        assertThat(groups).containsExactly(List.of("held-1"), List.of("beside"));
        holdFirstWrites.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void everyItemIsWrittenOnceAndEveryCallerAnsweredWhenManyWriteAtOnce() throws Exception {
        holdFirstWrites.countDown();
        List<Future<Boolean>> writes = new ArrayList<>();
        for (int caller = 0; caller < 16; caller++) {
            int first = caller * 200;
            writes.add(callers.submit(() -> {
                for (int i = first; i < first + 200; i++) {
                    if (!commit.write("item-" + i)) {
                        return false;
                    }
                }
                return true;
            }));
        }

        for (Future<Boolean> each : writes) {
            // A caller left without a writer would hang here; the bound only turns a hang into a failure.
            assertThat(each.get(60, TimeUnit.SECONDS)).isTrue();
        }
        List<String> written = groups.stream().flatMap(List::stream).toList();
        assertThat(written).hasSize(16 * 200).doesNotHaveDuplicates();
        assertThat(commit.queuedCount()).isZero();
    }

    @Test
    void aGroupCommitNeedsAtLeastOneWriter() {
        assertThatThrownBy(() -> new GroupCommit<String>(0, group -> List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemsQueuedWhileEveryWriterIsBusyAreWrittenAsOneGroup() throws Exception {
        List<Future<Boolean>> queued = writeWhileWritersAreHeld("a", "b", "c");

        assertThat(results(queued)).containsExactly(true, true, true);
        assertThat(groups).containsExactlyInAnyOrder(List.of("held-1"), List.of("held-2"), List.of("a", "b", "c"));
    }

    @Test
    void anItemTheDatabaseRefusesFailsAloneAndTheRestOfItsGroupIsWritten() throws Exception {
        List<Future<Boolean>> queued = writeWhileWritersAreHeld("a", "refused", "c");

        assertThat(queued.get(0).get(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> queued.get(1).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(queued.get(2).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(groups).contains(List.of("a", "refused", "c"), List.of("a"), List.of("refused"), List.of("c"));
    }

    @Test
    void whenTheDatabaseFailsEveryCallerInTheGroupGetsTheFailureAndLaterWritesGoThrough() throws Exception {
        List<Future<Boolean>> queued = writeWhileWritersAreHeld("a", "unreachable");

        for (Future<Boolean> each : queued) {
            assertThatThrownBy(() -> each.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(DataAccessResourceFailureException.class);
        }
        assertThat(commit.write("later")).isTrue();
        assertThat(groups).contains(List.of("a", "unreachable"), List.of("later"));
    }

    /**
     * Holds both writers in a write of their own, queues the items, then lets the writes finish: the next writer takes
     * everything queued, in the order queued.
     */
    private List<Future<Boolean>> writeWhileWritersAreHeld(String... items) throws InterruptedException {
        // One after the other: submitted together, the first writer could take both into one group.
        for (String held : List.of("held-1", "held-2")) {
            int before = groups.size();
            callers.submit(() -> commit.write(held));
            until(() -> groups.size() > before);
        }
        List<Future<Boolean>> queued = new ArrayList<>();
        for (String item : items) {
            queued.add(callers.submit(() -> commit.write(item)));
            // One at a time, so the queue's order is the items' order.
            until(() -> commit.queuedCount() >= queued.size());
        }
        holdFirstWrites.countDown();
        return queued;
    }

    /** Waits for what another thread does; the bound only turns a hang into a failure. */
    private static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting after 30 s");
            }
            Thread.sleep(5);
        }
    }

    private static List<Boolean> results(List<Future<Boolean>> futures) throws Exception {
        List<Boolean> results = new ArrayList<>();
        for (Future<Boolean> each : futures) {
            results.add(each.get(10, TimeUnit.SECONDS));
        }
        return results;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held too long");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
