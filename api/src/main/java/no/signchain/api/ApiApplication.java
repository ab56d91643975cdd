package no.signchain.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The API process for production: {@code java -jar signchain-api.jar} with {@code SIGNCHAIN_DB_URL} and
 * {@code TEMPORAL_ADDRESS} pointing at the shared database and Temporal. Workers run in their own processes.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ApiConfiguration.class)
public class ApiApplication {
    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }
}
