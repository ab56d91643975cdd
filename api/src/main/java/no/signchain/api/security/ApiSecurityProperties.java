package no.signchain.api.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call signchain's API ({@code signchain.security.*}). The issuer itself is Spring's own setting,
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} ({@code SIGNCHAIN_ISSUER_URI}).
 *
 * @param ownerClaims          the token claims naming the API client, first present wins: a contract belongs to the
 *                             client that submitted it ({@code client_id} for Keycloak and the local server,
 *                             {@code azp} for Entra ID v2 and most OIDC providers)
 * @param scopeClaim           the claim carrying the client's scopes ({@code scope}; Entra ID puts application
 *                             permissions in {@code roles})
 * @param codecOpenOnLoopback  whether the Temporal codec endpoints answer a browser on this machine without a token:
 *                             the Web UI on a laptop has no login to pass one on. Only the all-in-one app, which
 *                             listens on loopback, sets it
 */
@ConfigurationProperties("signchain.security")
public record ApiSecurityProperties(
        @DefaultValue({"client_id", "azp"}) List<String> ownerClaims,
        @DefaultValue("scope") String scopeClaim,
        @DefaultValue("false") boolean codecOpenOnLoopback) {}
