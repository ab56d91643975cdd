package no.signchain.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import no.signchain.simulator.posten.PostenApiServer;
import no.signchain.simulator.posten.PostenCredentials;
import no.signchain.simulator.posten.PostenSimulatorProperties;
import org.springframework.util.FileSystemUtils;

/**
 * The embedded simulator's fake Posten signering service, wired to this app as Posten would be in production: an
 * organisation certificate from the fake's test CA for a made-up sender, and that CA as the only trust anchor for
 * the service's certificate, written to a temporary directory the official client reads them from.
 */
final class EmbeddedPosten implements AutoCloseable {

    /** The demo's sender: a made-up organisation number. */
    static final String SENDER = PostenSimulatorProperties.DEMO_SENDER;

    private final Path directory;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    EmbeddedPosten(PostenApiServer fake) {
        try {
            directory = Files.createTempDirectory("signchain-posten-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the fake Posten service's credentials", e);
        }
        PostenCredentials.Written credentials = PostenCredentials.write(fake.pki(), directory, SENDER, null);
        properties.put("signchain.providers.enabled.posten", true);
        properties.put("signchain.posten.environment", "TEST");
        properties.put("signchain.posten.service-url", fake.apiRoot().toString());
        properties.put(
                "signchain.posten.trusted-certificates",
                credentials.trustedCertificates().toString());
        properties.put("signchain.posten.key-store", credentials.keyStore().toString());
        properties.put("signchain.posten.key-store-password", credentials.password());
        properties.put("signchain.posten.sender-organisation-number", SENDER);
    }

    /** The worker's {@code signchain.posten.*} settings for the fake, and Posten switched on. */
    Map<String, Object> properties() {
        return properties;
    }

    @Override
    public void close() throws IOException {
        FileSystemUtils.deleteRecursively(directory);
    }
}
