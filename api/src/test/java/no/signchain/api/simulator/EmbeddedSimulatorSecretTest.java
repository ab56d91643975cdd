package no.signchain.api.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import no.signchain.api.webhook.SignicatWebhookSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The all-in-one app with SIGNICAT_WEBHOOK_SECRET set: the embedded simulator signs its events with that secret. */
class EmbeddedSimulatorSecretTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SignicatWebhookSettings.class)
    static class WebhookSettings {
    }

    @Test
    void signsWithTheConfiguredWebhookSecret() {
        new ApplicationContextRunner()
                .withUserConfiguration(WebhookSettings.class, EmbeddedSimulatorConfiguration.class)
                .withPropertyValues("signchain.webhook.signicat.secret=the-operators-secret")
                .run(context -> assertThat(context.getBean(EmbeddedSimulator.class).webhookSecret())
                        .isEqualTo("the-operators-secret"));
    }
}
