package no.signchain.simulator.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every {@code /sign/**} call needs {@code Authorization: Bearer <token>} with a token from the token endpoint that
 * has not expired (else 401); a token without the {@code signicat-api} scope gets 403 {@code missing_permission}
 * (Signicat: the API client lacks the Signature API permission).
 */
@Component
@InSimulatorContext
public class BearerAuthInterceptor implements HandlerInterceptor {

    private final TokenStore tokens;

    public BearerAuthInterceptor(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.substring(7).isBlank()) {
            throw new ProblemException(
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "A bearer access token is required.",
                    null,
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
        }
        TokenStore.Token token = tokens.find(header.substring(7).trim());
        if (token == null) {
            throw new ProblemException(
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "The access token is invalid or has expired.",
                    null,
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\""));
        }
        if (!token.scopes().contains(TokenStore.SIGN_SCOPE)) {
            throw new ProblemException(
                    HttpStatus.FORBIDDEN,
                    "missing_permission",
                    "The API client does not have the permission required for this call.");
        }
        return true;
    }
}
