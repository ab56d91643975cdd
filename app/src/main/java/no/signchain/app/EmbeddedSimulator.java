package no.signchain.app;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.signchain.simulator.SimulatorApplication;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.events.SubscriptionRegistry;
import no.signchain.simulator.posten.PostenApiServer;
import no.signchain.simulator.zignsec.ZignsecSimulatorProperties;
import no.signchain.simulator.zignsec.ZignsecWebhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The Sign API simulator, running as a second Spring application in this JVM on its own port, standing in for
 * Signicat when no Signicat base URL is configured. It is given the host's {@code signchain.simulator.*} settings;
 * its events go to this app's webhook, signed with the webhook's secret.
 */
public final class EmbeddedSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSimulator.class);
    private static final String PREFIX = "signchain.simulator.";

    private final ConfigurableApplicationContext simulator;
    private final String webhookSecret;
    private final URI root;

    /**
     * @param webhookSecret the secret the webhook checks deliveries against; the simulator must sign with that one,
     *                      or the webhook refuses every event it sends
     */
    private static final List<String> SECURITY_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web"
                    + ".OAuth2ResourceServerWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet"
                    + ".OAuth2AuthorizationServerAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet"
                    + ".OAuth2AuthorizationServerJwtAutoConfiguration");

    EmbeddedSimulator(ConfigurableEnvironment host, int port, String webhookSecret, String zignsecWebhookSecret) {
        Map<String, Object> properties = new LinkedHashMap<>();
        // ZignSec's deliveries are signed with the secret the app's /webhooks/zignsec checks.
        properties.put("signchain.simulator.zignsec.webhook-secret", zignsecWebhookSecret);
        for (var source : host.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(PREFIX) && !properties.containsKey(name)) {
                        properties.put(name, host.getProperty(name));
                    }
                }
            }
        }
        // The fake Posten service, on a port of its own. Posten permits a poll about once a minute while nothing
        // changes; the demo's signers should not wait that long between turns (the host can set either).
        properties.putIfAbsent("signchain.simulator.posten.enabled", true);
        properties.putIfAbsent("signchain.simulator.posten.poll-interval", "PT2S");
        properties.put("server.port", port);
        // Its URLs name 127.0.0.1, and a stand-in for BankID has no business on the laptop's network.
        properties.put("server.address", "127.0.0.1");
        // The simulator shares this classpath: keep it from starting a second embedded PostgreSQL and Temporal.
        properties.put(EmbeddedInfrastructure.ENABLED, false);
        // ...and from guarding itself with the app's Spring Security: the simulator is Signicat, with its own tokens.
        properties.put("spring.autoconfigure.exclude", String.join(",", SECURITY_AUTO_CONFIGURATIONS));
        properties.put("spring.main.banner-mode", "off");
        // As arguments, not default properties: this app's own application.yml (same classpath) must not win.
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        this.simulator = new SpringApplicationBuilder(SimulatorApplication.class).run(args);
        int actualPort =
                ((WebServerApplicationContext) simulator).getWebServer().getPort();
        this.root = URI.create("http://127.0.0.1:" + actualPort);
        this.webhookSecret = webhookSecret;
        log.info("Embedded Sign API simulator on {}", root);
    }

    /** Points the simulator's events at this app's webhook, once its port is known. */
    void subscribe(URI webhook) {
        simulator.getBean(SubscriptionRegistry.class).add(webhook.toString(), webhookSecret);
        log.info("Simulator events go to {}", webhook);
    }

    /** Points ZignSec's deliveries (the tenant's webhook) at this app, once its port is known. */
    void subscribeZignsec(URI webhook) {
        simulator.getBean(ZignsecWebhooks.class).setTenantWebhook(webhook.toString());
    }

    /** The fake Posten signering service's API (two-way TLS), unless the host switched it off. */
    Optional<PostenApiServer> posten() {
        return simulator.getBeanProvider(PostenApiServer.class).stream().findFirst();
    }

    /** ZignSec's API v5 below the simulator's {@code /zignsec}. */
    public URI zignsecBaseUrl() {
        return root.resolve("/zignsec/api/v5");
    }

    /** Signicat's Sign API v1 below the simulator's {@code /signicat-v1}; the same OAuth client as v2. */
    public URI signicatV1BaseUrl() {
        return root.resolve("/signicat-v1/sign");
    }

    public String zignsecSubscriptionKey() {
        return simulator.getBean(ZignsecSimulatorProperties.class).subscriptionKey();
    }

    public URI root() {
        return root;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    public URI baseUrl() {
        return root.resolve("/sign");
    }

    /** The simulator's test CA, which issues every signer's and its TSA's certificate. */
    public URI caUrl() {
        return root.resolve("/simulator/ca.pem");
    }

    public URI tokenUrl() {
        return root.resolve("/auth/open/connect/token");
    }

    public String clientId() {
        return simulator.getBean(SimulatorProperties.class).clientId();
    }

    public String clientSecret() {
        return simulator.getBean(SimulatorProperties.class).clientSecret();
    }

    @Override
    public void close() {
        simulator.close();
    }

    @Override
    public String toString() {
        return "Sign API simulator on " + root;
    }
}
