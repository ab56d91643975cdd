package no.signchain.api.simulator;

import java.net.URI;
import no.signchain.api.webhook.SignicatWebhookSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/** Runs the simulator in-process when no Signicat base URL is configured: the all-in-one default. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${signchain.signicat.base-url:}'.isEmpty()")
class EmbeddedSimulatorConfiguration {

    @Bean
    EmbeddedSimulator embeddedSimulator(ConfigurableEnvironment environment, SignicatWebhookSettings webhook) {
        return new EmbeddedSimulator(environment, environment.getProperty("signchain.simulator.embedded-port", Integer.class, 0),
                webhook.secret());
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> subscribeSimulatorToWebhook(ObjectProvider<EmbeddedSimulator> simulator) {
        return event -> simulator.ifAvailable(sim ->
                sim.subscribe(URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + "/webhooks/signicat")));
    }
}
