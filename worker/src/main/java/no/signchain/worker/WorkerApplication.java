package no.signchain.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs only Temporal workers, so they can be scaled apart from the API: {@code java -jar signchain-worker.jar}
 * with {@code TEMPORAL_ADDRESS} and {@code SIGNCHAIN_DB_URL} pointing at the shared Temporal and database.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WorkerConfiguration.class)
public class WorkerApplication {
    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
