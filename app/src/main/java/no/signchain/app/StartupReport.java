package no.signchain.app;

import no.signchain.api.callback.CallbackSigning;
import no.signchain.protection.ProtectionConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/** Says where everything is once the app is up, so a newcomer can go straight to the demo. */
class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final ObjectProvider<EmbeddedSimulator> simulator;
    private final Environment environment;
    private final ObjectProvider<CallbackSigning> callbacks;
    private final ObjectProvider<ProtectionConfiguration.ProtectionKeys> keys;

    StartupReport(
            ObjectProvider<EmbeddedSimulator> simulator,
            Environment environment,
            ObjectProvider<CallbackSigning> callbacks,
            ObjectProvider<ProtectionConfiguration.ProtectionKeys> keys) {
        this.simulator = simulator;
        this.environment = environment;
        this.callbacks = callbacks;
        this.keys = keys;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String api = "http://localhost:" + web.getWebServer().getPort();
        StringBuilder report = new StringBuilder("\n\n  signchain is running\n")
                .append("    API            ")
                .append(api)
                .append("/api/v1/contracts\n")
                .append("    Swagger UI     ")
                .append(api)
                .append("/swagger-ui.html\n")
                .append("    OpenAPI        ")
                .append(api)
                .append("/v3/api-docs\n")
                .append("    Tokens         ")
                .append(api)
                .append("/oauth2/token (client credentials)\n");
        for (int i = 0; environment.containsProperty("signchain.local-auth.clients[" + i + "].id"); i++) {
            report.append(i == 0 ? "    API clients    " : "                   ")
                    .append(environment.getProperty("signchain.local-auth.clients[" + i + "].id"))
                    .append(" / ")
                    .append(environment.getProperty("signchain.local-auth.clients[" + i + "].secret"))
                    .append('\n');
        }
        report.append("    Temporal       ")
                .append(environment.getProperty("spring.temporal.connection.target"))
                .append('\n');
        String temporalUi = environment.getProperty("signchain.embedded.temporal-ui");
        if (temporalUi != null) {
            report.append("    Temporal UI    ").append(temporalUi).append('\n');
        }
        simulator.ifAvailable(
                sim -> report.append("    Sign API sim   ").append(sim.root()).append("/sign\n"));
        if (environment.getProperty("signchain.providers.enabled.zignsec", Boolean.class, false)) {
            report.append("    ZignSec        ")
                    .append(environment.getProperty("signchain.zignsec.base-url"))
                    .append(" (\"provider\": \"zignsec\")\n");
        }
        if (environment.getProperty("signchain.providers.enabled.signicat-v1", Boolean.class, false)) {
            report.append("    Sign API v1    ")
                    .append(environment.getProperty("signchain.signicat-v1.base-url"))
                    .append(" (\"provider\": \"signicat-v1\")\n");
        }
        if (environment.getProperty("signchain.providers.enabled.posten", Boolean.class, false)) {
            report.append("    Posten         ")
                    .append(environment.getProperty("signchain.posten.service-url"))
                    .append(" (\"provider\": \"posten\"; signer pages: ");
            simulator.ifAvailable(sim -> report.append(sim.root()).append("/simulator/control/posten/jobs?reference="));
            report.append("<contract id>)\n");
        }
        report.append("    Providers      default ")
                .append(environment.getProperty("signchain.providers.default"))
                .append('\n');
        callbacks.ifAvailable(signing -> signing.madeUpSecret()
                .ifPresent(secret -> report.append("    Callbacks      signed with ")
                        .append(secret)
                        .append(" (made up for this run)\n")));
        if (environment.getProperty("signchain.codec.enabled", Boolean.class, true)) {
            report.append("    Codec server   ").append(api).append("/codec (Temporal Web UI: Data Encoder)\n");
        }
        keys.ifAvailable(configured -> {
            if (configured.development()) {
                report.append("    Encryption     DEVELOPMENT KEYS, published in the source: local use only\n");
            }
        });
        log.info(report.toString());
    }
}
