package no.signchain.api.observability;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Log lines of a request about one contract ({@code /api/v1/contracts/{id}/...}) carry its id (MDC {@code contractId})
 * and its workflow's ({@code WorkflowId}, the key Temporal's SDK uses in the workers). Only an id that is a UUID: the
 * path is client input, and a mistyped one may be an identity number.
 */
@Configuration(proxyBeanMethods = false)
public class RequestLogContext implements WebMvcConfigurer, HandlerInterceptor {

    static final String CONTRACT_ID = "contractId";
    static final String WORKFLOW_ID = "WorkflowId";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/contracts/*", "/api/v1/contracts/*/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("id") instanceof String id
                && isUuid(id)) {
            MDC.put(CONTRACT_ID, id);
            MDC.put(WORKFLOW_ID, "contract-" + id);
        }
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        MDC.remove(CONTRACT_ID);
        MDC.remove(WORKFLOW_ID);
    }

    private static boolean isUuid(String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
