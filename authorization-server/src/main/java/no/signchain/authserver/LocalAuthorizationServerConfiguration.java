package no.signchain.authserver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The local authorization server's endpoints ({@code /oauth2/token}, {@code /oauth2/jwks}, the OIDC discovery
 * document) and the claim signchain reads to tell API clients apart. The clients themselves come from
 * {@code spring.security.oauth2.authorizationserver.client.*} (signchain-authorization-server.yml), through Spring
 * Boot's auto-configuration, as does the signing key (a fresh RSA key each start: tokens do not outlive a run).
 * <p>
 * The filter chain is declared here rather than left to Spring Boot, whose own chain backs off as soon as the
 * process has any other chain, as the all-in-one app has for the API.
 */
@Configuration(proxyBeanMethods = false)
public class LocalAuthorizationServerConfiguration {

    /** Runs before the API's chain and only for the authorization server's own endpoints. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerSecurity(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(oidc -> {});
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        return http.build();
    }

    /**
     * Access tokens name their client in {@code client_id}, as Keycloak's do, so that signchain's default owner
     * claim is the same whichever issuer the business runs.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> clientIdClaim() {
        return context -> {
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                context.getClaims()
                        .claim("client_id", context.getRegisteredClient().getClientId());
            }
        };
    }
}
