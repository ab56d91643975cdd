package no.signchain.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *   <li>Temporal's Java test server on a loopback port (real time, no time skipping) when no Temporal address is;</li>
 *   <li>the Sign API simulator when no Signicat base URL is, with its events sent to this app's webhook and its test
 *       CA as the trust anchor for verifying signed versions.</li>
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
                LoopbackTestServer temporal =
                        LoopbackTestServer.start(env.getProperty("signchain.embedded.temporal-port", Integer.class, 0));
                started.add(temporal);
                properties.put("spring.temporal.connection.target", "127.0.0.1:" + temporal.port());
                log.info(
                        "Embedded Temporal test server on 127.0.0.1:{} (set TEMPORAL_ADDRESS to use a real one)",
                        temporal.port());
            }
            if (!StringUtils.hasText(env.getProperty("signchain.signicat.base-url"))) {
                String secret = env.getProperty("signchain.webhook.signicat.secret");
                if (!StringUtils.hasText(secret)) {
                    secret = madeUpSecret();
                    properties.put("signchain.webhook.signicat.secret", secret);
                }
                simulator = new EmbeddedSimulator(
                        env, env.getProperty("signchain.simulator.embedded-port", Integer.class, 0), secret);
                started.add(simulator);
                properties.put(
                        "signchain.signicat.base-url", simulator.baseUrl().toString());
                properties.put(
                        "signchain.signicat.token-url", simulator.tokenUrl().toString());
                properties.put("signchain.signicat.client-id", simulator.clientId());
                properties.put("signchain.signicat.client-secret", simulator.clientSecret());
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
            context.addApplicationListener((ApplicationListener<WebServerInitializedEvent>) event -> sim.subscribe(
                    URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + "/webhooks/signicat")));
        }
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
