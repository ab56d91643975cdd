package no.signchain.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import no.signchain.api.problem.StatusProblems;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as {@code application/problem+json}, like every other error of the API, with the
 * {@code WWW-Authenticate} header RFC 6750 asks for. Never quotes the token or anything else the client sent.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler insufficientScope = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        bearer.commence(request, response, authException);
        String detail = authException instanceof OAuth2AuthenticationException
                ? "the bearer token is not valid: expired, not signed by the configured issuer, or naming no client"
                : "a bearer token is required: get one with the client-credentials grant from the configured issuer";
        write(response, 401, detail);
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException accessDeniedException)
            throws IOException {
        insufficientScope.handle(request, response, accessDeniedException);
        write(response, 403, "the token lacks the scope this request needs (" + scopeFor(request) + ")");
    }

    /** The scope the request's method and path need, as ApiSecurityConfiguration requires it. */
    private static String scopeFor(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/codec/")) {
            return ApiScopes.CODEC;
        }
        if (path.startsWith("/actuator/")) {
            return ApiScopes.ACTUATOR;
        }
        return switch (request.getMethod()) {
            case "GET", "HEAD" -> ApiScopes.READ;
            case "POST" -> path.equals("/api/v1/contracts") ? ApiScopes.WRITE : ApiScopes.MANAGE;
            default -> ApiScopes.MANAGE;
        };
    }

    private static void write(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(StatusProblems.json(status, detail));
    }
}
