package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The all-in-one app's simulator and webhook agree on one secret: the configured SIGNICAT_WEBHOOK_SECRET when set, or
 * one made up at start, which the webhook then reads from the same property.
 */
class EmbeddedSimulatorSecretTest {

    /** Addresses that are set (never dialled here), so only the simulator is started embedded. */
    private static final Map<String, Object> OTHERS_CONFIGURED = Map.of(
            "spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/unused",
            "spring.temporal.connection.target", "127.0.0.1:1");

    @Test
    void signsWithTheConfiguredWebhookSecret() {
        try (GenericApplicationContext context =
                contextWith(Map.of("signchain.webhook.signicat.secret", "the-operators-secret"))) {
            EmbeddedSimulator simulator = context.getBean(EmbeddedSimulator.class);
            assertThat(simulator.webhookSecret()).isEqualTo("the-operators-secret");
            assertThat(context.getEnvironment().getProperty("signchain.signicat.base-url"))
                    .isEqualTo(simulator.baseUrl().toString());
        }
    }

    @Test
    void withoutASecretTheWebhookGetsTheOneTheSimulatorSignsWith() {
        try (GenericApplicationContext context = contextWith(Map.of())) {
            String secret = context.getEnvironment().getProperty("signchain.webhook.signicat.secret");
            assertThat(secret).hasSize(64);
            assertThat(context.getBean(EmbeddedSimulator.class).webhookSecret()).isEqualTo(secret);
        }
    }

    private static GenericApplicationContext contextWith(Map<String, Object> settings) {
        GenericApplicationContext context = new GenericApplicationContext();
        var sources = context.getEnvironment().getPropertySources();
        sources.addFirst(new MapPropertySource("others", OTHERS_CONFIGURED));
        sources.addFirst(new MapPropertySource("settings", settings));
        new EmbeddedInfrastructure().initialize(context);
        context.refresh();
        return context;
    }
}
