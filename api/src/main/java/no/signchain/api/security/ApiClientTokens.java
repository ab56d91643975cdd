package no.signchain.api.security;

import java.util.Collection;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Turns a verified token into the API client it stands for: its name is the owner of the contracts it submits, its
 * scopes its authorities. A token naming no client is refused as invalid, so no request ever runs without an owner.
 */
final class ApiClientTokens implements Converter<Jwt, AbstractAuthenticationToken> {

    private final ApiSecurityProperties properties;
    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();

    ApiClientTokens(ApiSecurityProperties properties) {
        this.properties = properties;
        scopes.setAuthoritiesClaimName(properties.scopeClaim());
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Collection<GrantedAuthority> authorities = scopes.convert(jwt);
        for (String claim : properties.ownerClaims()) {
            String client = jwt.getClaimAsString(claim);
            if (client != null && !client.isBlank()) {
                return new JwtAuthenticationToken(jwt, authorities, client);
            }
        }
        throw new InvalidBearerTokenException("the token names no client (claims " + properties.ownerClaims() + ")");
    }
}
