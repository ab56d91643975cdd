package no.signchain.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import no.signchain.simulator.control.LoopbackOnly;
import no.signchain.simulator.problem.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The control API refuses anyone not on this machine; the suite's own calls (loopback) show the other side. */
class LoopbackOnlyTest {

    private final LoopbackOnly loopbackOnly = new LoopbackOnly();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1"})
    void thisMachineIsLetThrough(String address) {
        assertThat(loopbackOnly.preHandle(from(address), new MockHttpServletResponse(), null))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.89.0.1", "192.168.1.20", "2001:db8::1", "::ffff:10.0.0.1", "not-an-address"})
    void anyoneElseIsRefused(String address) {
        assertThatThrownBy(() -> loopbackOnly.preHandle(from(address), new MockHttpServletResponse(), null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    private static MockHttpServletRequest from(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/simulator/control/sessions");
        request.setRemoteAddr(address);
        return request;
    }
}
