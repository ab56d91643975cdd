package no.signchain.simulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /auth/open/connect/token}: OAuth 2.0 client credentials, form-encoded, client authentication in the
 * form ({@code client_id}/{@code client_secret}) or by HTTP Basic. Errors are OAuth errors
 * ({@code {"error": "invalid_client"}}, HTTP 400), not problem+json, as an OIDC token endpoint answers.
 */
@RestController
@InSimulatorContext
public class TokenController {

    private final SimulatorProperties props;
    private final TokenStore tokens;

    public TokenController(SimulatorProperties props, TokenStore tokens) {
        this.props = props;
        this.tokens = tokens;
    }

    @PostMapping(path = "/auth/open/connect/token")
    public ResponseEntity<Map<String, Object>> token(
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam MultiValueMap<String, String> form) {
        if (contentType == null
                || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(MediaType.parseMediaType(contentType))) {
            return error("invalid_request", "The request must be application/x-www-form-urlencoded.");
        }
        String clientId = form.getFirst("client_id");
        String clientSecret = form.getFirst("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return error("invalid_client", "Malformed Basic credentials.");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return error("invalid_client", "Malformed Basic credentials.");
            }
            String basicId = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String basicSecret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            if (clientId != null && !clientId.equals(basicId)) {
                return error("invalid_request", "client_id differs from the Basic credentials.");
            }
            clientId = basicId;
            clientSecret = basicSecret;
        }
        String grantType = form.getFirst("grant_type");
        if (grantType == null || grantType.isBlank()) {
            return error("invalid_request", "grant_type is required.");
        }
        if (clientId == null
                || clientSecret == null
                || !constantTimeEquals(clientId, props.clientId())
                || !constantTimeEquals(clientSecret, props.clientSecret())) {
            return error("invalid_client", "Client authentication failed.");
        }
        if (!"client_credentials".equals(grantType)) {
            return error("unsupported_grant_type", "Only client_credentials is supported.");
        }
        Set<String> scopes = new LinkedHashSet<>();
        String scope = form.getFirst("scope");
        if (scope == null || scope.isBlank()) {
            scopes.add(TokenStore.SIGN_SCOPE);
        } else {
            scopes.addAll(Arrays.asList(scope.trim().split("\\s+")));
        }
        TokenStore.Token t = tokens.issue(scopes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", t.value());
        body.put("expires_in", props.tokenExpiresIn().toSeconds());
        body.put("token_type", "Bearer");
        body.put("scope", String.join(" ", scopes));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<Map<String, Object>> error(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
