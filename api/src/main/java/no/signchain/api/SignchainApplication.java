package no.signchain.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The all-in-one app: contract API, webhook, worker and, unless configured otherwise, embedded infrastructure. */
@SpringBootApplication
public class SignchainApplication {
    public static void main(String[] args) {
        SpringApplication.run(SignchainApplication.class, args);
    }
}
