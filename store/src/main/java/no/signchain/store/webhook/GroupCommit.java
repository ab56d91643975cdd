package no.signchain.store.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Writes items that arrive together in one statement and one commit, on the callers' own threads: a caller queues its
 * item, and whichever caller holds a writer's turn takes everything queued so far. Each caller returns only once its
 * own item is committed (or failed), so an answer never runs ahead of the write.
 *
 * <p>Why: under load much of a webhook delivery's database cost was its own statement and commit, not the row.
 * Alone, an item is written at once as before; groups form only while earlier writes are in flight.
 *
 * @param <T> one item to write
 */
final class GroupCommit<T> {

    /** One group can be committing while the next is being written; more would only compete for the same cores. */
    static final int WRITERS = 2;
    /** Bounds a statement's size, and how many other callers' items a writer takes on before writing its own. */
    static final int LARGEST_GROUP = 100;

    private final Queue<Waiting<T>> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock turns = new ReentrantLock();
    /** Signalled whenever a group is written or a writer's turn ends. */
    private final Condition groupWritten = turns.newCondition();
    /** Writers holding a turn; guarded by {@link #turns}. */
    private int writing;

    private final Function<List<T>, List<Boolean>> write;

    /** @param write writes a group in one transaction and answers each item's result, in the group's order */
    GroupCommit(Function<List<T>, List<Boolean>> write) {
        this.write = write;
    }

    /** Writes the item, grouped with others queued at the same time; its result once committed. */
    boolean write(T item) {
        Waiting<T> mine = new Waiting<>(item);
        queued.add(mine);
        if (takeTurnUnlessWritten(mine)) {
            try {
                // Queued items are taken oldest first, so this caller's own is written within a few groups; another
                // writer may have taken it already, and then the queue holds none of it and this waits below.
                while (!mine.result.isDone()) {
                    List<Waiting<T>> group = takeQueued();
                    if (group.isEmpty()) {
                        break;
                    }
                    writeGroup(group);
                    signalGroupWritten(false);
                }
            } finally {
                signalGroupWritten(true);
            }
        }
        try {
            return mine.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Waits for a writer's turn, or until another writer has written the item: a caller whose item is written returns
     * without queueing for a turn it no longer needs. True when this caller holds a turn.
     */
    private boolean takeTurnUnlessWritten(Waiting<T> mine) {
        turns.lock();
        try {
            while (writing >= WRITERS && !mine.result.isDone()) {
                groupWritten.awaitUninterruptibly();
            }
            if (mine.result.isDone()) {
                return false;
            }
            writing++;
            return true;
        } finally {
            turns.unlock();
        }
    }

    private void signalGroupWritten(boolean endOfTurn) {
        turns.lock();
        try {
            if (endOfTurn) {
                writing--;
            }
            groupWritten.signalAll();
        } finally {
            turns.unlock();
        }
    }

    /** How many items wait for a writer; for tests that need a group to form. */
    int queuedCount() {
        return queued.size();
    }

    private List<Waiting<T>> takeQueued() {
        List<Waiting<T>> group = new ArrayList<>();
        Waiting<T> next;
        while (group.size() < LARGEST_GROUP && (next = queued.poll()) != null) {
            group.add(next);
        }
        return group;
    }

    private void writeGroup(List<Waiting<T>> group) {
        try {
            complete(group, write.apply(group.stream().map(Waiting::item).toList()));
        } catch (DataIntegrityViolationException e) {
            if (group.size() == 1) {
                group.getFirst().result.completeExceptionally(e);
                return;
            }
            // One item the database refuses must not fail the others with it: each is written alone.
            for (Waiting<T> alone : group) {
                writeGroup(List.of(alone));
            }
        } catch (RuntimeException | Error e) {
            // The database is unreachable or failing: every caller of the group answers with the failure (a 5xx), and
            // the provider delivers again.
            group.forEach(waiting -> waiting.result.completeExceptionally(e));
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private static <T> void complete(List<Waiting<T>> group, List<Boolean> results) {
        if (results.size() != group.size()) {
            throw new IllegalStateException(
                    "a group of " + group.size() + " was answered with " + results.size() + " results");
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result.complete(results.get(i));
        }
    }

    private record Waiting<T>(T item, CompletableFuture<Boolean> result) {
        Waiting(T item) {
            this(item, new CompletableFuture<>());
        }
    }
}
