package no.signchain.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import no.signchain.simulator.sessions.SessionService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/** The simulator as a second, separate context in another application's JVM. */
class EmbeddingTest {

    /** A host application whose component scan covers all of no.signchain (simulator included). */
    @SpringBootConfiguration
    @ComponentScan("no.signchain")
    static class HostApp {}

    @Test
    void twoSimulatorsAndAHostShareOneJvm() {
        try (ConfigurableApplicationContext host = new SpringApplicationBuilder(HostApp.class)
                        .web(WebApplicationType.NONE)
                        .run();
                ConfigurableApplicationContext a = new SpringApplicationBuilder(SimulatorApplication.class)
                        .properties("server.port=0", "server.address=127.0.0.1", "signchain.simulator.client-id=a")
                        .run();
                ConfigurableApplicationContext b = new SpringApplicationBuilder(SimulatorApplication.class)
                        .properties("server.port=0", "server.address=127.0.0.1", "signchain.simulator.client-id=b")
                        .run()) {
            assertTrue(
                    host.getBeansOfType(SessionService.class).isEmpty(), "the host's scan picks up no simulator beans");
            int portA = ((WebServerApplicationContext) a).getWebServer().getPort();
            int portB = ((WebServerApplicationContext) b).getWebServer().getPort();
            assertNotEquals(portA, portB);
            String caA = get(portA, "/simulator/ca.pem");
            String caB = get(portB, "/simulator/ca.pem");
            assertTrue(caA.startsWith("-----BEGIN CERTIFICATE-----"));
            assertNotEquals(caA, caB, "each simulator has its own CA");
            assertEquals(1, a.getBeansOfType(SessionService.class).size());
            assertNotEquals(a.getBean(SessionService.class), b.getBean(SessionService.class));
        }
    }

    private static String get(int port, String path) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
