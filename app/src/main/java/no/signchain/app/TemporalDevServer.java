package no.signchain.app;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import no.signchain.workflows.contract.ContractSearchAttributes;

/**
 * A real Temporal server for the all-in-one app: the Temporal CLI's dev server ({@code temporal server start-dev}),
 * run as a child process on loopback ports, in memory (nothing kept between runs, as with the test server), with
 * its Web UI. Preferred over Temporal's Java test server, which stalls a workflow when a timer fires while the
 * workflow is cancelling it (temporalio/sdk-java#2606: "invalid history builder state for action") and has no
 * schedules (so no retention).
 */
final class TemporalDevServer implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofMinutes(1);

    private final Process process;
    private final int port;
    private final int uiPort;
    private final Path log;

    private TemporalDevServer(Process process, int port, int uiPort, Path log) {
        this.process = process;
        this.port = port;
        this.uiPort = uiPort;
        this.log = log;
    }

    /**
     * Where a Temporal CLI is, first found of: the configured path ({@code SIGNCHAIN_TEMPORAL_CLI}); {@code temporal}
     * on the {@code PATH}; {@code .tools/bin/temporal} under the working directory (where
     * {@code deploy/local/temporal-dev.sh build} puts it); the newest {@code temporal-cli-<version>/temporal} in
     * signchain's tools cache ({@code ~/.cache/signchain}, where CI builds it).
     *
     * @param configured the configured path, or null
     * @param pathVariable the {@code PATH}, or null
     */
    static Optional<Path> findCli(String configured, String pathVariable, Path workingDirectory, Path toolsCache) {
        if (configured != null && !configured.isBlank()) {
            Path cli = Path.of(configured.strip());
            if (!Files.isExecutable(cli)) {
                throw new IllegalStateException("signchain.embedded.temporal-cli (SIGNCHAIN_TEMPORAL_CLI) names " + cli
                        + ", which is not an executable file");
            }
            return Optional.of(cli);
        }
        List<Path> candidates = new ArrayList<>();
        if (pathVariable != null) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "temporal"));
                }
            }
        }
        candidates.add(workingDirectory.resolve(".tools/bin/temporal"));
        if (Files.isDirectory(toolsCache)) {
            try (Stream<Path> versions = Files.list(toolsCache)) {
                versions.filter(dir -> dir.getFileName().toString().startsWith("temporal-cli-"))
                        .sorted(Comparator.comparing(
                                        (Path dir) -> dir.getFileName().toString())
                                .reversed())
                        .forEach(dir -> candidates.add(dir.resolve("temporal")));
            } catch (IOException e) {
                // an unreadable cache holds no CLI we can use
            }
        }
        return candidates.stream()
                .filter(Files::isRegularFile)
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** signchain's tools cache: {@code $XDG_CACHE_HOME/signchain}, or {@code ~/.cache/signchain}. */
    static Path toolsCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("signchain");
    }

    /** Starts the dev server on 127.0.0.1 ({@code port} 0: a free one) and returns once its frontend answers. */
    static TemporalDevServer start(Path cli, int port) throws IOException {
        return start(cli, port, null);
    }

    /**
     * As {@link #start(Path, int)}, with the Web UI decoding payloads through signchain's codec endpoints at
     * {@code codecEndpoint} (payloads are encrypted); null for none.
     */
    static TemporalDevServer start(Path cli, int port, String codecEndpoint) throws IOException {
        int grpcPort = port == 0 ? freePort() : port;
        int uiPort = freePort();
        Path log = Files.createTempFile("signchain-temporal-dev-", ".log");
        List<String> command = new ArrayList<>(List.of(
                cli.toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(grpcPort),
                "--ui-port",
                Integer.toString(uiPort),
                "--log-level",
                "warn",
                // As deploy/local/temporal-dev.sh and the PostgreSQL-backed server's dynamic config: an activity a
                // workflow task schedules goes straight back to this worker, not through the task queue (issue 11).
                "--dynamic-config-value",
                "system.enableActivityEagerExecution=true"));
        if (codecEndpoint != null) {
            command.add("--ui-codec-endpoint");
            command.add(codecEndpoint);
        }
        // Registered before any worker polls; the workers' own registration then finds them.
        for (SearchAttributeKey<?> key : ContractSearchAttributes.ALL) {
            command.add("--search-attribute");
            command.add(key.getName() + "=" + cliType(key.getValueType()));
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        TemporalDevServer server = new TemporalDevServer(process, grpcPort, uiPort, log);
        try {
            server.awaitFrontend();
            return server;
        } catch (IOException | RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    int port() {
        return port;
    }

    String webUi() {
        return "http://127.0.0.1:" + uiPort;
    }

    private void awaitFrontend() throws IOException {
        Instant giveUp = Instant.now().plus(READY_WITHIN);
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .build());
        try {
            while (Instant.now().isBefore(giveUp)) {
                if (!process.isAlive()) {
                    throw new IOException("the Temporal dev server exited (" + process.exitValue() + "): " + tail(log));
                }
                try {
                    if (stubs.healthCheck().getStatus().name().equals("SERVING")) {
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new IOException(
                    "the Temporal dev server did not answer within " + READY_WITHIN.toSeconds() + " s: " + tail(log));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the Temporal dev server", e);
        } finally {
            stubs.shutdownNow();
        }
    }

    private static String cliType(IndexedValueType type) {
        return switch (type) {
            case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
            case INDEXED_VALUE_TYPE_INT -> "Int";
            case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
            case INDEXED_VALUE_TYPE_TEXT -> "Text";
            case INDEXED_VALUE_TYPE_BOOL -> "Bool";
            case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
            case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
            default -> throw new IllegalArgumentException("no CLI name for " + type);
        };
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(its log " + log + " is unreadable)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Asks the server to stop (SIGTERM), then kills it if it has not within 10 s, and deletes its log. */
    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file; the system cleans it up
        }
    }

    @Override
    public String toString() {
        return "Temporal dev server on 127.0.0.1:" + port;
    }
}
