package no.signchain.api.problem;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page: what failed outside Spring MVC's handlers (in a filter, such as a security
 * firewall's refusal, or a {@code sendError} from anywhere) is answered {@code application/problem+json} too, in
 * place of Spring Boot's whitelabel page and JSON. Only the status is taken from the failure; its message never is.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    /**
     * Spring Security's {@code StrictHttpFirewall} throws this for paths like {@code ..%2f} or {@code %00}; named,
     * not imported, so this module need not depend on Spring Security to answer it with 400.
     */
    private static final List<String> REQUEST_REJECTED = List.of(
            "org.springframework.security.web.firewall.RequestRejectedException",
            "org.apache.tomcat.util.http.InvalidParameterException");

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer given ? given : HttpStatus.NOT_FOUND.value();
        if (failure != null && rejectedRequest(failure)) {
            status = HttpStatus.BAD_REQUEST.value();
        } else if (failure != null && status >= 500) {
            // The class only: a message may quote the request.
            log.error(
                    "Request failed outside the API's handlers: {}",
                    failure.getClass().getName());
        }
        if (status < 400) {
            status = HttpStatus.INTERNAL_SERVER_ERROR.value();
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(StatusProblems.of(status));
    }

    private static boolean rejectedRequest(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (REQUEST_REJECTED.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
