package no.signchain.simulator.signicatv1;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.control.KnobStore;
import no.signchain.simulator.control.Knobs;
import no.signchain.simulator.identity.Nin;
import no.signchain.simulator.identity.TestUsers;
import no.signchain.simulator.pades.PadesSigner;
import no.signchain.simulator.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Sign API v1 in memory: documents in session data storage (gone after {@code documentLifetime} unless an order used
 * them), signing orders whose {@code SIGN} tasks are signed (completed, with a PAdES result from the same signing core
 * as the Sign API v2 part), rejected, expired after {@code daysToLive}, or deleted with their order. A task reaching a
 * status calls its URL notifications for that status. The {@code autoSignAfter} and {@code autoRejectNins} knobs apply
 * as for v2 sessions.
 */
@Component
@InSimulatorContext
public class SignicatV1Orders {

    private static final Logger log = LoggerFactory.getLogger(SignicatV1Orders.class);
    /** Signicat's default when a task names no {@code daysToLive}. */
    static final int DEFAULT_DAYS_TO_LIVE = 30;

    private record StoredDocument(byte[] bytes, Instant expiresAt) {}

    private final Map<String, StoredDocument> documents = new ConcurrentHashMap<>();
    private final Map<String, SignicatV1Order> orders = new ConcurrentHashMap<>();
    private final SignicatV1SimulatorProperties settings;
    private final PadesSigner pades;
    private final TestUsers users;
    private final KnobStore knobs;
    private final SignicatV1Notifications notifications;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    public SignicatV1Orders(
            SignicatV1SimulatorProperties settings,
            PadesSigner pades,
            TestUsers users,
            KnobStore knobs,
            SignicatV1Notifications notifications,
            ScheduledExecutorService simulatorScheduler,
            Clock simulatorClock) {
        this.settings = settings;
        this.pades = pades;
        this.users = users;
        this.knobs = knobs;
        this.notifications = notifications;
        this.scheduler = simulatorScheduler;
        this.clock = simulatorClock;
    }

    String upload(byte[] pdf) {
        if (pdf.length < 5 || !new String(pdf, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-")) {
            throw ProblemException.invalidParam("body", "must be a PDF document (%PDF- header)");
        }
        Instant now = clock.instant();
        documents.values().removeIf(d -> !now.isBefore(d.expiresAt()));
        String id = UUID.randomUUID().toString().replace("-", "");
        documents.put(id, new StoredDocument(pdf, now.plus(settings.documentLifetime())));
        return id;
    }

    /** A new order, from the request body as the client sent it; every task starts CREATED. */
    SignicatV1Order create(Map<String, Object> body) {
        Instant now = clock.instant();
        List<Map<String, Object>> taskBodies = objects(body.get("tasks"), "tasks");
        if (taskBodies.isEmpty()) {
            throw ProblemException.invalidParam("tasks", "at least one task is required");
        }
        List<SignicatV1Order.Task> tasks = new ArrayList<>();
        List<String> usedDocuments = new ArrayList<>();
        for (Map<String, Object> t : taskBodies) {
            String taskId = text(t, "id", "tasks[].id");
            if (tasks.stream().anyMatch(other -> other.id.equals(taskId))) {
                throw ProblemException.invalidParam("tasks[].id", "must be unique in the order");
            }
            if (!(t.get("subject") instanceof Map<?, ?> subject)
                    || !(subject.get("nationalId") instanceof String nin)
                    || !Nin.isWellFormed(nin)) {
                throw ProblemException.invalidParam(
                        "tasks[].subject.nationalId", "must be an 11-digit national identity number");
            }
            boolean bankId = objects(t.get("signatureMethods"), "tasks[].signatureMethods").stream()
                    .anyMatch(m -> "nbid-sign".equals(m.get("name")));
            if (!bankId) {
                throw ProblemException.invalidParam(
                        "tasks[].signatureMethods", "the simulator signs with nbid-sign only; it must be listed");
            }
            List<Map<String, Object>> docs = objects(t.get("documents"), "tasks[].documents");
            if (docs.size() != 1 || !"SIGN".equals(docs.getFirst().get("action"))) {
                throw ProblemException.invalidParam(
                        "tasks[].documents", "the simulator takes exactly one document with action SIGN per task");
            }
            Map<String, Object> doc = docs.getFirst();
            if (!"SESSION".equals(doc.get("source"))) {
                throw ProblemException.invalidParam("tasks[].documents[].source", "must be SESSION");
            }
            String ref = text(doc, "documentRef", "tasks[].documents[].documentRef");
            StoredDocument stored = documents.get(ref);
            if (stored == null || (!usedDocuments.contains(ref) && !now.isBefore(stored.expiresAt()))) {
                throw ProblemException.invalidParam(
                        "tasks[].documents[].documentRef", "no such document in session data storage (30 minutes)");
            }
            usedDocuments.add(ref);
            int daysToLive = DEFAULT_DAYS_TO_LIVE;
            Object days = t.get("daysToLive");
            if (days != null) {
                if (!(days instanceof Integer d) || d < 1) {
                    throw ProblemException.invalidParam("tasks[].daysToLive", "must be a positive whole number");
                }
                daysToLive = d;
            }
            tasks.add(new SignicatV1Order.Task(
                    taskId,
                    nin,
                    doc.get("description") instanceof String s ? s : null,
                    doc.get("id") instanceof String s ? s : "doc-1",
                    stored.bytes(),
                    now.plus(Duration.ofDays(daysToLive)),
                    urlNotifications(t.get("notifications"))));
        }
        // Used by an order: no longer subject to the 30 minutes.
        for (String ref : usedDocuments) {
            documents.computeIfPresent(ref, (k, d) -> new StoredDocument(d.bytes(), Instant.MAX));
        }
        SignicatV1Order order = new SignicatV1Order(
                UUID.randomUUID().toString(),
                body.get("clientReference") instanceof String s ? s : null,
                now,
                List.copyOf(tasks));
        orders.put(order.id, order);
        for (SignicatV1Order.Task task : order.tasks) {
            notifications.reached(order, task);
            autoDecide(order, task);
        }
        return order;
    }

    /**
     * Every task ever ordered, oldest order first, as the control API lists them: {@code <orderId>:<taskId>}, the
     * order's client reference, the task's status, and whether it was signed or deleted. No national identity number.
     */
    List<Map<String, Object>> ledger() {
        List<Map<String, Object>> out = new ArrayList<>();
        orders.values().stream()
                .sorted(Comparator.comparing((SignicatV1Order o) -> o.createdAt).thenComparing(o -> o.id))
                .forEach(order -> {
                    for (SignicatV1Order.Task task : order.tasks) {
                        synchronized (task) {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", order.id + ":" + task.id);
                            m.put("externalReference", order.clientReference);
                            m.put("state", task.status.name());
                            m.put("signed", task.status == SignicatV1Order.Status.COMPLETED);
                            m.put("withdrawn", task.status == SignicatV1Order.Status.DELETED);
                            m.put("createdAt", order.createdAt.toString());
                            out.add(m);
                        }
                    }
                });
        return out;
    }

    SignicatV1Order find(String orderId) {
        SignicatV1Order order = orders.get(orderId);
        if (order == null) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not_found", "No signing order with this id.");
        }
        for (SignicatV1Order.Task task : order.tasks) {
            synchronized (task) {
                expireIfDue(order, task);
            }
        }
        return order;
    }

    SignicatV1Order.Task task(String orderId, String taskId) {
        return find(orderId).tasks.stream()
                .filter(t -> t.id.equals(taskId))
                .findFirst()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not_found", "No such task."));
    }

    /** The end-user signs the task's document: one PAdES signature, as BankID would. */
    public SignicatV1Order.Task sign(String orderId, String taskId) {
        SignicatV1Order order = find(orderId);
        SignicatV1Order.Task task = task(orderId, taskId);
        synchronized (task) {
            requireCreated(task);
            try {
                task.signed = pades.sign(task.document, users.byNin(task.nationalId), clock.instant());
            } catch (IOException e) {
                throw new ProblemException(
                        HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable", "The document could not be signed.");
            }
            task.status = SignicatV1Order.Status.COMPLETED;
        }
        notifications.reached(order, task);
        return task;
    }

    public SignicatV1Order.Task reject(String orderId, String taskId) {
        SignicatV1Order order = find(orderId);
        SignicatV1Order.Task task = task(orderId, taskId);
        synchronized (task) {
            requireCreated(task);
            task.status = SignicatV1Order.Status.REJECTED;
        }
        notifications.reached(order, task);
        return task;
    }

    /** The task's {@code daysToLive} ends now, as if they had passed (the simulator's control API). */
    public SignicatV1Order.Task expire(String orderId, String taskId) {
        SignicatV1Order order = find(orderId);
        SignicatV1Order.Task task = task(orderId, taskId);
        synchronized (task) {
            requireCreated(task);
            task.status = SignicatV1Order.Status.EXPIRED;
        }
        notifications.reached(order, task);
        return task;
    }

    /** Deletes the order: its open tasks read DELETED (and notify), and it is kept to answer their status. */
    void delete(String orderId) {
        SignicatV1Order order = find(orderId);
        for (SignicatV1Order.Task task : order.tasks) {
            boolean changed;
            synchronized (task) {
                changed = task.status == SignicatV1Order.Status.CREATED;
                if (changed) {
                    task.status = SignicatV1Order.Status.DELETED;
                }
            }
            if (changed) {
                notifications.reached(order, task);
            }
        }
    }

    /** An order as the API shows it: its id, client reference and each task's signing URL. */
    static Map<String, Object> orderView(SignicatV1Order order, String root) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (SignicatV1Order.Task task : order.tasks) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", task.id);
            t.put("signingUrl", SignicatV1Orders.taskUrl(order, task, root));
            t.put("expiresAt", task.expiresAt.toString());
            t.put("documents", List.of(Map.of("id", task.documentId, "action", "SIGN", "source", "SESSION")));
            tasks.add(t);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", order.id);
        if (order.clientReference != null) {
            body.put("clientReference", order.clientReference);
        }
        body.put("tasks", tasks);
        return body;
    }

    /** The task status as {@code GET .../tasks/{taskId}/status} shows it; result URIs below {@code root}. */
    static Map<String, Object> statusView(SignicatV1Order order, SignicatV1Order.Task task, String root) {
        synchronized (task) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("id", task.documentId);
            doc.put("documentStatus", task.status.name().toLowerCase(java.util.Locale.ROOT));
            if (task.status == SignicatV1Order.Status.COMPLETED) {
                doc.put("resultUri", resultUri(order, task, root));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("taskStatus", task.status.name().toLowerCase(java.util.Locale.ROOT));
            body.put("documents", List.of(doc));
            return body;
        }
    }

    static String resultUri(SignicatV1Order order, SignicatV1Order.Task task, String root) {
        return root + SignicatV1ApiController.ROOT + "/orders/" + order.id + "/tasks/" + task.id + "/documents/"
                + task.documentId + "/result";
    }

    static String taskUrl(SignicatV1Order order, SignicatV1Order.Task task, String root) {
        return root + SignicatV1SignerPage.PATH + "?request_id=" + order.id + "&task_id=" + task.id;
    }

    private void requireCreated(SignicatV1Order.Task task) {
        if (task.status != SignicatV1Order.Status.CREATED) {
            throw new ProblemException(
                    HttpStatus.CONFLICT, "conflict", "The task is " + task.status + ", not waiting for the signer.");
        }
    }

    /** A task not done within its {@code daysToLive} expires. Call holding the task's monitor. */
    private void expireIfDue(SignicatV1Order order, SignicatV1Order.Task task) {
        if (task.status == SignicatV1Order.Status.CREATED && !clock.instant().isBefore(task.expiresAt)) {
            task.status = SignicatV1Order.Status.EXPIRED;
            notifications.reached(order, task);
        }
    }

    private void autoDecide(SignicatV1Order order, SignicatV1Order.Task task) {
        Knobs k = knobs.get();
        boolean reject = k.autoRejectNins().contains(task.nationalId);
        if (!reject && k.autoSignAfter() == null) {
            return;
        }
        Duration delay = k.autoSignAfter() == null ? Duration.ZERO : k.autoSignAfter();
        scheduler.schedule(
                () -> {
                    try {
                        if (reject) {
                            reject(order.id, task.id);
                        } else {
                            sign(order.id, task.id);
                        }
                    } catch (RuntimeException e) {
                        log.debug(
                                "Auto-decision of Sign API v1 task {}:{} skipped: {}",
                                order.id,
                                task.id,
                                e.getMessage());
                    }
                },
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** The task's URL notifications, one per trigger status; SMS and e-mail notifications are not simulated. */
    private static List<SignicatV1Order.UrlNotification> urlNotifications(Object value) {
        if (value == null) {
            return List.of();
        }
        List<SignicatV1Order.UrlNotification> out = new ArrayList<>();
        for (Map<String, Object> n : objects(value, "tasks[].notifications")) {
            if (!"URL".equals(n.get("type"))) {
                continue;
            }
            String recipient = text(n, "recipient", "tasks[].notifications[].recipient");
            URI uri;
            try {
                uri = URI.create(recipient);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidParam("tasks[].notifications[].recipient", "must be an http(s) URL");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw ProblemException.invalidParam("tasks[].notifications[].recipient", "must be an http(s) URL");
            }
            String message = n.get("message") instanceof String m ? m : "";
            for (Map<String, Object> s : objects(n.get("schedule"), "tasks[].notifications[].schedule")) {
                SignicatV1Order.Status trigger;
                try {
                    trigger = SignicatV1Order.Status.valueOf(String.valueOf(s.get("triggerStatus")));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.invalidParam(
                            "tasks[].notifications[].schedule[].triggerStatus",
                            "must be CREATED, COMPLETED, REJECTED, EXPIRED or DELETED");
                }
                out.add(new SignicatV1Order.UrlNotification(recipient, message, trigger));
            }
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object value, String field) {
        if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw ProblemException.invalidParam(field, "must be a list of objects");
        }
        return (List<Map<String, Object>>) list;
    }

    private static String text(Map<String, Object> body, String name, String field) {
        if (!(body.get(name) instanceof String s) || s.isBlank()) {
            throw ProblemException.invalidParam(field, "is required");
        }
        return s;
    }
}
