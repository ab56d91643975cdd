package no.signchain.api.security;

import static no.signchain.api.security.ApiScopes.authority;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every API call carries a bearer token (a JWT from the configured issuer) whose scopes fit the request: submit
 * {@code contracts:write}, read {@code contracts:read}, everything else on a contract {@code contracts:manage}.
 * Which client's contracts a request sees is the lookup's business ({@code ContractLookup}), not this chain's.
 * <p>
 * Open without a token: the provider webhooks (they carry the provider's HMAC instead), health probes, and the
 * OpenAPI document with Swagger UI (they describe the API, they hold no data).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityConfiguration {

    private static final String CONTRACTS = "/api/v1/contracts";

    /**
     * Provider webhooks authenticate each delivery themselves (an HMAC over the body, or Sign API v1's secret in the
     * URL), and are the API's hottest path: a chain of their own, without the bearer-token, CORS, anonymous, request
     * cache and logout filters the API's chain runs for every request (a fifth of a delivery's CPU in the ingest
     * benchmark's profile). Other methods on {@code /webhooks/*} fall through to the API's chain and are refused there.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain providerWebhooks(HttpSecurity http) throws Exception {
        http.securityMatchers(webhooks -> webhooks.requestMatchers(HttpMethod.POST, "/webhooks/*")
                        // Sign API v1's URL notifications: authenticated by the secret in their URL, GET or POST.
                        .requestMatchers("/webhooks/signicat-v1/*"))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .servletApi(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }

    /**
     * No observation per security filter: a trace shows the request, not each of its dozen filters, and wrapping
     * every filter in an observation cost a quarter of the filter chain's time in the ingest benchmark's profile.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http, ApiSecurityProperties properties, ObjectProvider<JwtDecoder> decoders) throws Exception {
        JwtDecoder decoder = decoders.getIfAvailable(() -> {
            throw new IllegalStateException(
                    "No token issuer configured: set SIGNCHAIN_ISSUER_URI (the OIDC issuer whose"
                            + " access tokens API clients present, e.g. https://login.example.no/realms/signchain), or"
                            + " spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
        });
        SecurityProblems problems = new SecurityProblems();
        http
                // Bearer tokens only: no cookies and no sessions, so nothing for a cross-site request to ride on.
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        // Spring's error dispatch of a request already answered: the answer is the problem itself.
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasAuthority(authority(ApiScopes.ACTUATOR))
                        .requestMatchers(codecFromThisMachine(properties))
                        .permitAll()
                        .requestMatchers("/codec/**")
                        .hasAuthority(authority(ApiScopes.CODEC))
                        .requestMatchers(HttpMethod.POST, CONTRACTS)
                        .hasAuthority(authority(ApiScopes.WRITE))
                        .requestMatchers(HttpMethod.GET, CONTRACTS, CONTRACTS + "/**")
                        .hasAuthority(authority(ApiScopes.READ))
                        .requestMatchers(CONTRACTS + "/**")
                        .hasAuthority(authority(ApiScopes.MANAGE))
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new ApiClientTokens(properties)))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /** The codec endpoints for a browser on this very machine, where the all-in-one app allows it. */
    private static RequestMatcher codecFromThisMachine(ApiSecurityProperties properties) {
        return request -> properties.codecOpenOnLoopback()
                && request.getRequestURI().startsWith("/codec/")
                && fromLoopback(request);
    }

    private static boolean fromLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
