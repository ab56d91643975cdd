package no.signchain.app;

import no.signchain.api.ApiConfiguration;
import no.signchain.authserver.LocalAuthorizationServerConfiguration;
import no.signchain.worker.WorkerConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The all-in-one app for a laptop: the contract API, the webhook and a worker in one process, and, unless
 * configured otherwise, embedded PostgreSQL, an embedded Temporal server and the Sign API simulator
 * ({@link EmbeddedInfrastructure}), and a local authorization server issuing the API's tokens to two demo clients.
 * {@code java -jar signchain-app.jar}. Production runs the api and worker jars against the business's own issuer.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({
    ApiConfiguration.class,
    WorkerConfiguration.class,
    LocalAuthorizationServerConfiguration.class,
    StartupReport.class
})
public class SignchainApplication {
    public static void main(String[] args) {
        SpringApplication.run(SignchainApplication.class, args);
    }
}
