package no.signchain.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import tools.jackson.databind.JsonNode;

/**
 * A business system's callback endpoint on 127.0.0.1: records every request and answers what the test says. Each
 * path is a separate receiver, so tests sharing one do not see each other's callbacks.
 */
final class CallbackReceiver implements AutoCloseable {

    /** One request as it arrived, and the status it was answered with. */
    record Request(String path, Map<String, List<String>> headers, String body, int answered, Instant at) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        String webhookId() {
            return header("webhook-id");
        }

        JsonNode json() {
            return SignchainHttp.JSON.readTree(body);
        }

        String type() {
            return json().get("type").asString();
        }

        boolean accepted() {
            return answered >= 200 && answered < 300;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, ToIntFunction<String>> answers = new java.util.concurrent.ConcurrentHashMap<>();

    CallbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** The URL of a new path on this receiver, answered 204 unless {@link #answer} says otherwise. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How requests to the path are answered: a status per request body. */
    void answer(String path, ToIntFunction<String> status) {
        answers.put(path, status);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    List<Request> accepted(String path) {
        return requests(path).stream().filter(Request::accepted).toList();
    }

    /** Waits until the path has accepted {@code count} callbacks, and returns them in the order they came. */
    List<Request> awaitAccepted(String path, int count, Duration timeout, Supplier<String> deliveries) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Request> accepted = accepted(path);
            if (accepted.size() >= count) {
                return accepted;
            }
            SignchainHttp.pause(100);
        }
        // What the app recorded and where its sending threads are: a failure in CI is explained by its output alone.
        throw new AssertionError("only " + accepted(path).size() + " of " + count + " callbacks accepted at " + path
                + "; received " + requests(path).stream().map(Request::type).toList() + "; the app's deliveries "
                + deliveries.get() + "; " + sendingThreads());
    }

    /**
     * A line per thread that sends callbacks or runs the scheduled sweeps (every app context's): its state and its
     * innermost frames in signchain, OkHttp, the database driver or pool, or Temporal's client; "idle" without any.
     */
    private static String sendingThreads() {
        List<String> ours = List.of("no.signchain.", "okhttp3.", "org.postgresql.", "com.zaxxer.", "io.temporal.");
        StringBuilder out = new StringBuilder("threads:");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("scheduling-") || thread.getName().startsWith("callback-sender-")) {
                List<String> frames = Arrays.stream(stack)
                        .map(StackTraceElement::toString)
                        .filter(frame -> ours.stream().anyMatch(frame::startsWith))
                        .limit(4)
                        .toList();
                out.append(" [")
                        .append(thread.getName())
                        .append(' ')
                        .append(thread.getState())
                        .append(' ')
                        .append(frames.isEmpty() ? "idle" : String.join(" < ", frames))
                        .append(']');
            }
        });
        return out.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        int status = answers.getOrDefault(path, b -> 204).applyAsInt(body);
        requests.add(new Request(path, Map.copyOf(headers), body, status, Instant.now()));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
