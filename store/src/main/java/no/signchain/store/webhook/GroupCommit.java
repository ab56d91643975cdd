package no.signchain.store.webhook;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Writes items that arrive together in one statement and one commit, on the callers' own threads: a caller queues its
 * item, and whichever caller holds a writer's turn takes everything queued so far. Each caller returns only once its
 * own item is committed (or failed), so an answer never runs ahead of the write.
 *
 * <p>Why: under load much of a webhook delivery's database cost was its own statement and commit, not the row. While
 * fewer callers than writers are writing, each writes its own item at once, as without grouping; groups form only once
 * every writer is busy.
 *
 * <p>A caller without a turn sleeps until its item is written or a writer hands it a turn, and is woken for nothing
 * else: a writer whose own item is written passes its turn to the oldest queued caller without one, so no caller
 * writes for others for long and no queued item is left without a writer.
 *
 * @param <T> one item to write
 */
final class GroupCommit<T> {

    /** Bounds a statement's size, and how many other callers' items a writer takes on before writing its own. */
    static final int LARGEST_GROUP = 100;

    private final int writers;
    private final Function<List<T>, List<Boolean>> write;

    private final ReentrantLock lock = new ReentrantLock();
    /** Items no writer has taken yet, oldest first; guarded by {@link #lock}. */
    private final ArrayDeque<Waiting<T>> queued = new ArrayDeque<>();
    /** Turns held; guarded by {@link #lock}. Below {@link #writers} only while no queued caller is without a turn. */
    private int writing;

    /**
     * @param writers how many groups may be written at once
     * @param write writes a group in one transaction and answers each item's result, in the group's order
     */
    GroupCommit(int writers, Function<List<T>, List<Boolean>> write) {
        if (writers < 1) {
            throw new IllegalArgumentException("at least one writer, not " + writers);
        }
        this.writers = writers;
        this.write = write;
    }

    /** Writes the item, grouped with others queued at the same time; its result once committed. */
    boolean write(T item) {
        Waiting<T> mine = new Waiting<>(item);
        lock.lock();
        try {
            queued.add(mine);
            if (writing < writers) {
                writing++;
                mine.turn = true;
            }
        } finally {
            lock.unlock();
        }
        if (!mine.turn) {
            mine.woken.join();
        }
        if (mine.turn) {
            writeUntilWritten(mine);
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
     * Writes the queue's groups, oldest first, until this caller's own item is written: within a few groups, since
     * groups are taken oldest first. Its item may be in another writer's group already; then the queue may run dry
     * first, and the caller waits for that writer.
     */
    private void writeUntilWritten(Waiting<T> mine) {
        try {
            while (!mine.result.isDone()) {
                List<Waiting<T>> group = takeQueued();
                if (group.isEmpty()) {
                    break;
                }
                writeGroup(group);
            }
        } finally {
            passTurn();
        }
    }

    private List<Waiting<T>> takeQueued() {
        lock.lock();
        try {
            List<Waiting<T>> group = new ArrayList<>(Math.min(queued.size(), LARGEST_GROUP));
            while (group.size() < LARGEST_GROUP && !queued.isEmpty()) {
                group.add(queued.poll());
            }
            return group;
        } finally {
            lock.unlock();
        }
    }

    /** To the oldest queued caller without a turn; with none, the turn ends. */
    private void passTurn() {
        lock.lock();
        try {
            for (Waiting<T> next : queued) {
                if (!next.turn) {
                    next.turn = true;
                    next.woken.complete(null);
                    return;
                }
            }
            writing--;
        } finally {
            lock.unlock();
        }
    }

    /** How many items wait for a writer; for tests that need a group to form. */
    int queuedCount() {
        lock.lock();
        try {
            return queued.size();
        } finally {
            lock.unlock();
        }
    }

    private void writeGroup(List<Waiting<T>> group) {
        try {
            complete(group, write.apply(group.stream().map(Waiting::item).toList()));
        } catch (DataIntegrityViolationException e) {
            if (group.size() == 1) {
                group.getFirst().fail(e);
                return;
            }
            // One item the database refuses must not fail the others with it: each is written alone.
            for (Waiting<T> alone : group) {
                writeGroup(List.of(alone));
            }
        } catch (RuntimeException | Error e) {
            // The database is unreachable or failing: every caller of the group answers with the failure (a 5xx), and
            // the provider delivers again.
            group.forEach(waiting -> waiting.fail(e));
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
            group.get(i).succeed(results.get(i));
        }
    }

    private static final class Waiting<T> {
        final T item;
        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        /** Completed once the item is written or failed, or a turn is handed to its caller. */
        final CompletableFuture<Void> woken = new CompletableFuture<>();
        /**
         * Whether its caller holds a writer's turn; set under {@link #lock}, and read by its own caller after
         * {@link #woken} completes or after setting it itself.
         */
        boolean turn;

        Waiting(T item) {
            this.item = item;
        }

        T item() {
            return item;
        }

        void succeed(boolean fresh) {
            result.complete(fresh);
            woken.complete(null);
        }

        void fail(Throwable failure) {
            result.completeExceptionally(failure);
            woken.complete(null);
        }
    }
}
