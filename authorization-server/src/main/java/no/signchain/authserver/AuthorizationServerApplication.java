package no.signchain.authserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * {@code java -jar signchain-authorization-server.jar}: the local authorization server on its own, for the
 * multi-process scripts and the compose stack, where the api jar needs an issuer as it would in production.
 */
@SpringBootApplication
public class AuthorizationServerApplication {
    public static void main(String[] args) {
        SpringApplication.run(AuthorizationServerApplication.class, args);
    }
}
