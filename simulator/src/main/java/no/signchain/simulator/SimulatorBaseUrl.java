package no.signchain.simulator;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The simulator's own root URL, for the links it writes into certificates (CRL distribution point, OCSP responder,
 * CA issuer): {@code signchain.simulator.public-base-url} when set, otherwise {@code http://<server.address or
 * localhost>:<the port the web server got>}, known once the web server has started. Certificates are issued at
 * signing time, after that.
 */
@Component
@InSimulatorContext
public class SimulatorBaseUrl implements ApplicationListener<WebServerInitializedEvent> {

    private final String configured;
    private final Environment environment;
    private volatile String fromServer;

    public SimulatorBaseUrl(SimulatorProperties props, Environment environment) {
        String p = props.publicBaseUrl();
        this.configured = p == null || p.isBlank() ? null : stripSlash(p.trim());
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getEnvironment() != environment) {
            return; // another context's server (for instance a management server of a host application)
        }
        String address = environment.getProperty("server.address");
        String host = address == null
                        || address.isBlank()
                        || address.equals("0.0.0.0")
                        || address.equals("::")
                        || address.equals("[::]")
                ? "localhost"
                : address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        fromServer = "http://" + host + ":" + event.getWebServer().getPort();
    }

    /** The root URL without a trailing slash. */
    public String get() {
        if (configured != null) {
            return configured;
        }
        String s = fromServer;
        return s != null ? s : "http://localhost";
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
