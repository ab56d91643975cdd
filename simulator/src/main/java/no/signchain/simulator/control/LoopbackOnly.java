package no.signchain.simulator.control;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The control API answers only requests from this machine: whoever reaches it can sign or expire any session, read
 * every event, and redirect the webhooks. In a container, ask it from inside ({@code podman exec ... curl}).
 */
@Component
@InSimulatorContext
public class LoopbackOnly implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!isLoopback(request.getRemoteAddr())) {
            throw new ProblemException(
                    HttpStatus.FORBIDDEN, "loopback_only", "The simulator's control API answers only on loopback.");
        }
        return true;
    }

    /** The servlet container gives a literal address; anything else is refused, never looked up. */
    private static boolean isLoopback(String address) {
        if (address == null || !address.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
