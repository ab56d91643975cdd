package no.signchain.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import no.signchain.simulator.posten.PostenApiServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts what signchain needs but was not given, so that one {@code java -jar} runs the whole stack on a laptop:
 * <ul>
 *   <li>a real PostgreSQL server (embedded binaries) when no datasource URL is configured;</li>
 *   <li>a Temporal server when no Temporal address is: the Temporal CLI's dev server where a {@code temporal} CLI is
 *       found, else Temporal's Java test server (see {@link #startTemporal});</li>
 *   <li>the Sign API simulator when no Signicat base URL is, with its events sent to this app's webhook and its test
 *       CA as the trust anchor for verifying signed versions; its ZignSec and Sign API v1 parts are switched on as
 *       further providers unless a ZignSec or Sign API v1 base URL is configured.</li>
 * </ul>
 * Each one sets the properties the production code reads ({@code spring.datasource.*},
 * {@code spring.temporal.connection.target}, {@code signchain.signicat.*}, {@code signchain.webhook.signicat.secret}),
 * so the api and worker modules never know they run embedded.
 *
 * <p>It is an initializer rather than ordinary beans because Temporal's Spring Boot starter only switches itself
 * on when {@code spring.temporal.connection.target} is already set, and the datasource URL must be known before
 * any bean is built. The servers are registered as the context's first disposable bean, so they stop last, after
 * the workers and connection pools that use them.
 */
public class EmbeddedInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);
    public static final String ENABLED = "signchain.embedded.enabled";
    /** {@code auto} (default), {@code dev-server} or {@code test-server}: which Temporal to start. */
    public static final String TEMPORAL = "signchain.embedded.temporal";

    static final String TEMPORAL_CLI = "signchain.embedded.temporal-cli";
    static final String SIMULATOR_BEAN = "embeddedSimulator";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (!env.getProperty(ENABLED, Boolean.class, true)) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<AutoCloseable> started = new ArrayList<>();
        EmbeddedSimulator simulator = null;
        String signicatV1Secret = null;
        try {
            if (!StringUtils.hasText(env.getProperty("spring.datasource.url"))) {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setPort(env.getProperty("signchain.embedded.postgres-port", Integer.class, 0))
                        .start();
                started.add(postgres);
                properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
                properties.put("spring.datasource.username", "postgres");
                properties.put("spring.datasource.password", "");
                log.info("Embedded PostgreSQL on port {} (set SIGNCHAIN_DB_URL to use your own)", postgres.getPort());
            }
            if (!StringUtils.hasText(env.getProperty("spring.temporal.connection.target"))) {
                AutoCloseable temporal = startTemporal(env, properties);
                started.add(temporal);
            }
            if (!StringUtils.hasText(env.getProperty("signchain.signicat.base-url"))) {
                String secret = env.getProperty("signchain.webhook.signicat.secret");
                if (!StringUtils.hasText(secret)) {
                    secret = madeUpSecret();
                    properties.put("signchain.webhook.signicat.secret", secret);
                }
                String zignsecSecret = env.getProperty("signchain.webhook.zignsec.secret");
                if (!StringUtils.hasText(zignsecSecret)) {
                    zignsecSecret = madeUpSecret();
                    properties.put("signchain.webhook.zignsec.secret", zignsecSecret);
                }
                simulator = new EmbeddedSimulator(
                        env,
                        env.getProperty("signchain.simulator.embedded-port", Integer.class, 0),
                        secret,
                        zignsecSecret);
                started.add(simulator);
                properties.put(
                        "signchain.signicat.base-url", simulator.baseUrl().toString());
                properties.put(
                        "signchain.signicat.token-url", simulator.tokenUrl().toString());
                properties.put("signchain.signicat.client-id", simulator.clientId());
                properties.put("signchain.signicat.client-secret", simulator.clientSecret());
                // ZignSec too, out of the box, unless a real one is configured: "provider": "zignsec" just works.
                if (!StringUtils.hasText(env.getProperty("signchain.zignsec.base-url"))) {
                    properties.put("signchain.providers.enabled.zignsec", true);
                    properties.put(
                            "signchain.zignsec.base-url",
                            simulator.zignsecBaseUrl().toString());
                    properties.put("signchain.zignsec.subscription-key", simulator.zignsecSubscriptionKey());
                }
                // And Sign API v1, with the simulator's OAuth client; its URL notifications come to this app with a
                // made-up secret once its port is known (below).
                if (!StringUtils.hasText(env.getProperty("signchain.signicat-v1.base-url"))) {
                    properties.put("signchain.providers.enabled.signicat-v1", true);
                    properties.put(
                            "signchain.signicat-v1.base-url",
                            simulator.signicatV1BaseUrl().toString());
                    properties.put(
                            "signchain.signicat-v1.token-url",
                            simulator.tokenUrl().toString());
                    properties.put("signchain.signicat-v1.client-id", simulator.clientId());
                    properties.put("signchain.signicat-v1.client-secret", simulator.clientSecret());
                    if (!StringUtils.hasText(env.getProperty("signchain.webhook.signicat-v1.secret"))) {
                        signicatV1Secret = madeUpSecret();
                        properties.put("signchain.webhook.signicat-v1.secret", signicatV1Secret);
                    }
                }
                // And Posten signering, through the official client over two-way TLS to the fake service.
                if (!StringUtils.hasText(env.getProperty("signchain.posten.service-url"))
                        && !StringUtils.hasText(env.getProperty("signchain.posten.key-store"))) {
                    Optional<PostenApiServer> fake = simulator.posten();
                    if (fake.isPresent()) {
                        EmbeddedPosten posten = new EmbeddedPosten(fake.get());
                        started.add(posten);
                        properties.putAll(posten.properties());
                    }
                }
                // Its test CA is the one trust anchor for verifying what it signs, as BankID's roots are in production.
                if (!StringUtils.hasText(env.getProperty("signchain.verification.trust-anchors"))) {
                    properties.put(
                            "signchain.verification.trust-anchors",
                            simulator.caUrl().toString());
                }
            }
        } catch (IOException e) {
            closeAll(started);
            throw new UncheckedIOException("could not start embedded infrastructure", e);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
        if (started.isEmpty()) {
            return;
        }
        env.getPropertySources().addFirst(new MapPropertySource("signchainEmbeddedInfrastructure", properties));
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        DisposableBean stop = () -> closeAll(started);
        beans.registerSingleton("signchainEmbeddedInfrastructure", stop);
        beans.registerDisposableBean("signchainEmbeddedInfrastructure", stop);
        if (simulator != null) {
            EmbeddedSimulator sim = simulator;
            beans.registerSingleton(SIMULATOR_BEAN, sim);
            String v1Secret = signicatV1Secret;
            context.addApplicationListener((ApplicationListener<WebServerInitializedEvent>) event -> {
                String app = "http://127.0.0.1:" + event.getWebServer().getPort();
                sim.subscribe(URI.create(app + "/webhooks/signicat"));
                sim.subscribeZignsec(URI.create(app + "/webhooks/zignsec"));
                // Sign API v1 is told where to notify in each order: the workers read this at every order.
                if (v1Secret != null
                        && !StringUtils.hasText(env.getProperty("signchain.signicat-v1.notification-url"))) {
                    env.getPropertySources()
                            .addFirst(new MapPropertySource(
                                    "signchainSignicatV1Notifications",
                                    Map.of(
                                            "signchain.signicat-v1.notification-url",
                                            app + "/webhooks/signicat-v1/" + v1Secret)));
                }
            });
        }
    }

    /**
     * Which Temporal the app starts, by {@code signchain.embedded.temporal} ({@code SIGNCHAIN_EMBEDDED_TEMPORAL}):
     * <ul>
     *   <li>{@code auto} (the default): the Temporal CLI's dev server, a real Temporal server, when a {@code temporal}
     *       CLI is found ({@link TemporalDevServer#findCli}); otherwise, or when it does not come up, Temporal's Java
     *       test server, with a warning of what that lacks;</li>
     *   <li>{@code dev-server}: the dev server, or start-up fails saying why;</li>
     *   <li>{@code test-server}: the Java test server (no CLI needed, nothing started as a separate process).</li>
     * </ul>
     * The dev server is preferred because the test server is not Temporal: it rejects a workflow task that cancels a
     * timer which fired while the task ran, and the workflow stays stuck (temporalio/sdk-java#2606, "invalid history
     * builder state for action"; under load, one contract of many stopped so), and it has no schedules, so retention
     * is not enforced on it.
     */
    private static AutoCloseable startTemporal(ConfigurableEnvironment env, Map<String, Object> properties)
            throws IOException {
        String choice = env.getProperty(TEMPORAL, "auto").strip().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "dev-server", "test-server").contains(choice)) {
            throw new IllegalStateException(
                    TEMPORAL + " (SIGNCHAIN_EMBEDDED_TEMPORAL) must be auto, dev-server or test-server");
        }
        int port = env.getProperty("signchain.embedded.temporal-port", Integer.class, 0);
        if (!choice.equals("test-server")) {
            Optional<Path> cli = TemporalDevServer.findCli(
                    env.getProperty(TEMPORAL_CLI),
                    System.getenv("PATH"),
                    Path.of("").toAbsolutePath(),
                    TemporalDevServer.toolsCache());
            if (cli.isEmpty() && choice.equals("dev-server")) {
                throw new IllegalStateException(TEMPORAL + "=dev-server, but no Temporal CLI was found: set "
                        + "SIGNCHAIN_TEMPORAL_CLI to its path, put `temporal` on the PATH, or build it with "
                        + "deploy/local/temporal-dev.sh build");
            }
            if (cli.isPresent()) {
                try {
                    // Payloads are encrypted: its Web UI decodes them through this app's codec endpoints, when the
                    // app's port is known now (not with server.port=0), and the app lets the UI's origin call them.
                    int appPort = env.getProperty("server.port", Integer.class, 8080);
                    TemporalDevServer server = TemporalDevServer.start(
                            cli.get(), port, appPort > 0 ? "http://127.0.0.1:" + appPort + "/codec" : null);
                    properties.put("spring.temporal.connection.target", "127.0.0.1:" + server.port());
                    properties.put("signchain.embedded.temporal-ui", server.webUi());
                    String origins = env.getProperty("signchain.codec.allowed-origins", "");
                    properties.put(
                            "signchain.codec.allowed-origins",
                            origins.isBlank() ? server.webUi() : origins + "," + server.webUi());
                    log.info(
                            "Embedded Temporal dev server ({}) on 127.0.0.1:{}, Web UI {} (set TEMPORAL_ADDRESS to use"
                                    + " your own)",
                            cli.get(),
                            server.port(),
                            server.webUi());
                    return server;
                } catch (IOException | RuntimeException e) {
                    if (choice.equals("dev-server")) {
                        throw e;
                    }
                    log.warn(
                            "Could not start the Temporal dev server with {} ({}); using Temporal's Java test server",
                            cli.get(),
                            e.getMessage());
                }
            }
        }
        LoopbackTestServer temporal = LoopbackTestServer.start(port);
        properties.put("spring.temporal.connection.target", "127.0.0.1:" + temporal.port());
        if (choice.equals("auto")) {
            log.warn(
                    "Embedded Temporal: Temporal's Java test server on 127.0.0.1:{}, as no Temporal CLI was found. It"
                            + " has no schedules (retention is not enforced) and can leave a contract stuck under load"
                            + " (temporalio/sdk-java#2606). For a real server: deploy/local/temporal-dev.sh build, or"
                            + " SIGNCHAIN_TEMPORAL_CLI, or TEMPORAL_ADDRESS.",
                    temporal.port());
        } else {
            log.info(
                    "Embedded Temporal test server on 127.0.0.1:{} (set TEMPORAL_ADDRESS to use a real one)",
                    temporal.port());
        }
        return temporal;
    }

    /** Early, but after anything (such as a test's choice of containers) that may set the addresses first. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    private static String madeUpSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable resource : started.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Could not stop {}", resource, e);
            }
        }
    }
}
