package no.signchain.app;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one place that decides where the integration tests get PostgreSQL and Temporal from. The tests themselves never
 * know.
 * <ol>
 *   <li>Whatever is configured is used as given: {@code TEMPORAL_ADDRESS} (CI points the tests at the real dev
 *       server this way) and {@code SIGNCHAIN_DB_URL} / {@code spring.datasource.url}.</li>
 *   <li>{@code SIGNCHAIN_TEST_INFRASTRUCTURE=testcontainers}: what is not configured comes from containers on a
 *       Docker-API engine (Docker, or podman's socket as in CI), Temporal's {@code temporalio/temporal} image running
 *       {@code server start-dev} and {@code postgres}, or the images {@code SIGNCHAIN_TEST_TEMPORAL_IMAGE} and
 *       {@code SIGNCHAIN_TEST_POSTGRES_IMAGE} name. Started once per JVM and shared by every test context;
 *       Testcontainers removes them when the JVM exits (with Ryuk off, as under podman, the JVM's shutdown hook
 *       does).</li>
 *   <li>Otherwise ({@code embedded}, the default): nothing here; the application's own {@link EmbeddedInfrastructure}
 *       starts embedded PostgreSQL and Temporal's test server, as {@code java -jar} does.</li>
 * </ol>
 * Containers are opt-in rather than picked whenever Docker answers, so that a plain {@code ./mvnw verify} behaves the
 * same on every machine and never pulls images unasked.
 */
public final class TestInfrastructure
        implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    public static final String SETTING = "signchain.test.infrastructure";
    /** The Temporal CLI's image ({@code server start-dev}); {@code SIGNCHAIN_TEST_TEMPORAL_IMAGE} names another. */
    static final String TEMPORAL_IMAGE_SETTING = "signchain.test.temporal-image";

    static final String TEMPORAL_IMAGE = "temporalio/temporal:1.5.1";
    /** Any image that acts like the official {@code postgres}; {@code SIGNCHAIN_TEST_POSTGRES_IMAGE} names another. */
    static final String POSTGRES_IMAGE_SETTING = "signchain.test.postgres-image";

    static final String POSTGRES_IMAGE = "postgres:17";

    enum Source {
        EMBEDDED,
        TESTCONTAINERS
    }

    private final BooleanSupplier dockerAvailable;

    public TestInfrastructure() {
        this(() -> DockerClientFactory.instance().isDockerAvailable());
    }

    TestInfrastructure(BooleanSupplier dockerAvailable) {
        this.dockerAvailable = dockerAvailable;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (source(env.getProperty(SETTING)) == Source.EMBEDDED) {
            // The app prefers a Temporal CLI's dev server where one is installed; the tests stay on the Java test
            // server unless told (SIGNCHAIN_EMBEDDED_TEMPORAL), so that ./mvnw verify runs alike on every machine.
            if (!StringUtils.hasText(env.getProperty(EmbeddedInfrastructure.TEMPORAL))) {
                env.getPropertySources()
                        .addLast(new MapPropertySource(
                                "signchainTestTemporal", Map.of(EmbeddedInfrastructure.TEMPORAL, "test-server")));
            }
            return;
        }
        if (!dockerAvailable.getAsBoolean()) {
            throw new IllegalStateException(SETTING + "=testcontainers (SIGNCHAIN_TEST_INFRASTRUCTURE) needs a Docker"
                    + " engine, and Testcontainers found none. Start Docker, or unset it to use embedded PostgreSQL"
                    + " and Temporal's test server.");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        if (!StringUtils.hasText(env.getProperty("spring.datasource.url"))) {
            PostgreSQLContainer postgres = Containers.postgres(env.getProperty(POSTGRES_IMAGE_SETTING, POSTGRES_IMAGE));
            properties.put("spring.datasource.url", postgres.getJdbcUrl());
            properties.put("spring.datasource.username", postgres.getUsername());
            properties.put("spring.datasource.password", postgres.getPassword());
        }
        if (!StringUtils.hasText(env.getProperty("spring.temporal.connection.target"))) {
            properties.put(
                    "spring.temporal.connection.target",
                    Containers.temporalTarget(env.getProperty(TEMPORAL_IMAGE_SETTING, TEMPORAL_IMAGE)));
        }
        env.getPropertySources().addFirst(new MapPropertySource("signchainTestcontainers", properties));
    }

    static Source source(String setting) {
        if (!StringUtils.hasText(setting)) {
            return Source.EMBEDDED;
        }
        try {
            return Source.valueOf(setting.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    SETTING + " (SIGNCHAIN_TEST_INFRASTRUCTURE) is '" + setting
                            + "'; use 'embedded' (default) or 'testcontainers'.",
                    e);
        }
    }

    /** Runs before {@link EmbeddedInfrastructure}, which then finds both addresses set and starts nothing. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** One container of each per test JVM, started on first use. */
    private static final class Containers {
        private static PostgreSQLContainer postgres;
        private static GenericContainer<?> temporal;

        static synchronized PostgreSQLContainer postgres(String image) {
            if (postgres == null) {
                // A stand-in built elsewhere (CI builds one from Debian's packages) must act like the official image.
                PostgreSQLContainer container =
                        new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
                // One server for every cached test context, each with a pool of up to 30 connections (plus the
                // failover test's second worker): more than PostgreSQL's default of 100.
                container.withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=500");
                onLoopbackOnly(container, 5432);
                container.start();
                postgres = container;
            }
            return postgres;
        }

        static synchronized String temporalTarget(String image) {
            if (temporal == null) {
                GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                        .withCommand(
                                "server",
                                "start-dev",
                                "--ip",
                                "0.0.0.0",
                                "--log-level",
                                "warn",
                                "--dynamic-config-value",
                                "system.enableActivityEagerExecution=true")
                        .withExposedPorts(7233)
                        .waitingFor(Wait.forLogMessage(".*Server: .*7233.*\\n", 1)
                                .withStartupTimeout(Duration.ofMinutes(2)));
                onLoopbackOnly(container, 7233);
                container.start();
                temporal = container;
                awaitFrontend(target(container));
            }
            return target(temporal);
        }

        /**
         * Publishes the container's port on 127.0.0.1 only (a free port picked by the engine): Testcontainers would
         * publish it on every interface, and the tests talk to loopback only.
         */
        private static void onLoopbackOnly(GenericContainer<?> container, int port) {
            container.withCreateContainerCmdModifier(create -> create.getHostConfig()
                    .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(port))));
        }

        private static String target(GenericContainer<?> container) {
            return container.getHost() + ":" + container.getMappedPort(7233);
        }

        /** The banner comes before the frontend serves; wait until it answers a health check. */
        private static void awaitFrontend(String target) {
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
            try {
                RuntimeException lastFailure = null;
                while (Instant.now().isBefore(giveUp)) {
                    try {
                        if (stubs.healthCheck().getStatus().name().equals("SERVING")) {
                            return;
                        }
                    } catch (RuntimeException notYet) {
                        lastFailure = notYet;
                    }
                    Thread.sleep(250);
                }
                throw new IllegalStateException("Temporal in its container did not answer at " + target, lastFailure);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Temporal at " + target, e);
            } finally {
                stubs.shutdownNow();
            }
        }
    }
}
