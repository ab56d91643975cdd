package no.signchain.simulator.control;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Injects failures into Sign API calls ({@code /sign/**}; the token endpoint only with {@code faultTokenEndpoint})
 * and ZignSec API calls and file downloads ({@code /zignsec/api/**}, {@code /zignsec/folders/**}), and Sign API v1
 * calls ({@code /signicat-v1/sign/**})
 * before any work is done, so a failed call changes nothing: 500/503/429 problem+json (503 and 429 with
 * {@code Retry-After}), a hang of {@code hangFor} followed by 504 (or by normal processing with
 * {@code hangThenProcess}), a 200 whose body is not JSON ({@code garbleRate}), or a 200 that breaks off mid-body
 * ({@code truncateRate}).
 */
@Component
@InSimulatorContext
public class FaultInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(FaultInterceptor.class);

    private final KnobStore knobs;

    public FaultInterceptor(KnobStore knobs) {
        this.knobs = knobs;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws InterruptedException, IOException {
        Knobs k = knobs.get();
        if (request.getRequestURI().startsWith(request.getContextPath() + "/auth/") && !k.faultTokenEndpoint()) {
            return true;
        }
        Random random = knobs.faultRandom();
        if (knobs.takeFailNext() || (k.failRate() > 0 && random.nextDouble() < k.failRate())) {
            List<Integer> statuses = k.failStatuses();
            int status = statuses.get(statuses.size() == 1 ? 0 : random.nextInt(statuses.size()));
            log.debug("Injecting {} for {} {}", status, request.getMethod(), request.getRequestURI());
            throw failure(status, k.retryAfterSeconds());
        }
        if (k.garbleRate() > 0 && random.nextDouble() < k.garbleRate()) {
            log.debug("Garbling the answer to {} {}", request.getMethod(), request.getRequestURI());
            response.setStatus(200);
            response.setContentType("application/json");
            response.getWriter().write("<html>Service temporarily unavailable</html>");
            return false;
        }
        if (k.truncateRate() > 0 && random.nextDouble() < k.truncateRate()) {
            log.debug("Cutting short the answer to {} {}", request.getMethod(), request.getRequestURI());
            // More promised than sent, and the connection closed after the call: the client reads to an early end.
            response.setHeader(HttpHeaders.CONNECTION, "close");
            response.setStatus(200);
            response.setContentType("application/json");
            response.setContentLength(4096);
            response.getOutputStream().write("{\"id\":\"".getBytes(StandardCharsets.US_ASCII));
            response.flushBuffer();
            return false;
        }
        if (k.hangRate() > 0 && random.nextDouble() < k.hangRate()) {
            log.debug("Hanging {} {} for {}", request.getMethod(), request.getRequestURI(), k.hangFor());
            Thread.sleep(k.hangFor().toMillis());
            if (!k.hangThenProcess()) {
                throw new ProblemException(
                        HttpStatus.GATEWAY_TIMEOUT, "gateway_timeout", "Simulated hang: the call was not processed.");
            }
        }
        return true;
    }

    private static ProblemException failure(int status, int retryAfter) {
        HttpStatus s = HttpStatus.resolve(status);
        if (s == null) {
            s = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String code = switch (status) {
            case 429 -> "too_many_requests";
            case 503 -> "service_unavailable";
            case 500 -> "internal_server_error";
            default -> s.name().toLowerCase(java.util.Locale.ROOT);
        };
        Map<String, String> headers = status == 429 || status == 503
                ? Map.of(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter))
                : Map.of();
        return new ProblemException(s, code, "Simulated failure (fault injection); nothing was done.", null, headers);
    }
}
