package no.signchain.api.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/** The API client behind the current request: the owner of what it submits, and the only one who sees it. */
@Component
public class ApiClients {

    /** The calling client's name, from its token ({@link ApiSecurityProperties#ownerClaims()}). */
    public String current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return token.getName();
        }
        // Every contract path requires a token (ApiSecurityConfiguration); reaching here is a wiring mistake.
        throw new IllegalStateException("no authenticated API client on this request");
    }
}
