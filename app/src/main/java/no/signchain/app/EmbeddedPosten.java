package no.signchain.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import no.signchain.simulator.posten.PostenApiServer;
import org.springframework.util.FileSystemUtils;

/**
 * The embedded simulator's fake Posten signering service, wired to this app as Posten would be in production: an
 * organisation certificate from the fake's test CA for a made-up sender, and that CA as the only trust anchor for
 * the service's certificate, written to a temporary directory the official client reads them from.
 */
final class EmbeddedPosten implements AutoCloseable {

    /** The demo's sender: a made-up organisation number. */
    static final String SENDER = "991825827";

    private final Path directory;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    EmbeddedPosten(PostenApiServer fake) {
        try {
            directory = Files.createTempDirectory("signchain-posten-");
            char[] password = HexFormat.of()
                    .formatHex(new SecureRandom().generateSeed(16))
                    .toCharArray();
            Path keyStore = directory.resolve("organisation-certificate.p12");
            KeyStore organisation = fake.pki().organisationCertificate(SENDER, "Signchain Demo AS", password);
            try (OutputStream out = Files.newOutputStream(keyStore)) {
                organisation.store(out, password);
            }
            Path trust = Files.createDirectories(directory.resolve("trusted"));
            Files.write(
                    trust.resolve("fake-posten-ca.cer"),
                    fake.pki().caCertificate().getEncoded());
            properties.put("signchain.providers.enabled.posten", true);
            properties.put("signchain.posten.environment", "TEST");
            properties.put("signchain.posten.service-url", fake.apiRoot().toString());
            properties.put("signchain.posten.trusted-certificates", trust.toString());
            properties.put("signchain.posten.key-store", keyStore.toString());
            properties.put("signchain.posten.key-store-password", new String(password));
            properties.put("signchain.posten.sender-organisation-number", SENDER);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the fake Posten service's credentials", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not write the fake Posten service's credentials", e);
        }
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
