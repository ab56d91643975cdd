package no.signchain.api;

import no.signchain.api.contract.ContractSettings;
import no.signchain.worker.WorkerConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The all-in-one app: the contract API, the webhook, a worker, and, unless configured otherwise, embedded
 * PostgreSQL, an embedded Temporal server and the Sign API simulator. {@code java -jar signchain-api.jar}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@ComponentScan(basePackageClasses = SignchainApplication.class)
@EnableConfigurationProperties(ContractSettings.class)
@Import(WorkerConfiguration.class)
public class SignchainApplication {
    public static void main(String[] args) {
        SpringApplication.run(SignchainApplication.class, args);
    }
}
