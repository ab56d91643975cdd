package no.signchain.simulator;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Shared Spring context for the API tests: the simulator on a random port, fast event retries. */
@SpringBootTest(
        classes = SimulatorApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "signchain.simulator.events.retry-initial=PT0.1S",
            "signchain.simulator.events.retry-max=PT0.4S"
        })
public abstract class ApiTestBase {

    @LocalServerPort
    protected int port;

    protected SimClient sim;

    @BeforeEach
    void createClient() {
        sim = new SimClient(port);
    }
}
