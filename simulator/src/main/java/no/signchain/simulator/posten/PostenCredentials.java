package no.signchain.simulator.posten;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What a sender needs to reach the fake Posten service, as files the worker's {@code signchain.posten.*} settings
 * name: {@value #KEY_STORE} (an organisation certificate from the fake's test CA, PKCS#12, key and chain),
 * {@value #PASSWORD} beside it (its password, also the key's), and {@value #TRUSTED}/{@value #CA} (the test CA, the
 * only trust anchor a client needs for the fake's server certificate). The one place these files are written: the
 * standalone simulator ({@code signchain.simulator.posten.credentials-dir}) and the one-command app both use it.
 * The private key leaves only into this directory, never through the control API.
 */
public final class PostenCredentials {

    public static final String KEY_STORE = "organisation-certificate.p12";
    public static final String PASSWORD = "organisation-certificate.password";
    public static final String TRUSTED = "trusted";
    public static final String CA = "fake-posten-ca.cer";

    /** Where the files are, and the key store's password. */
    public record Written(Path keyStore, String password, Path trustedCertificates) {}

    private PostenCredentials() {}

    /**
     * Writes an organisation certificate for {@code organisationNumber} issued by {@code pki}, and its CA, to
     * {@code directory} (created if missing; files there from an earlier start are replaced).
     *
     * @param password the key store's password; null for a random one
     */
    public static Written write(PostenPki pki, Path directory, String organisationNumber, String password) {
        try {
            Files.createDirectories(directory);
            String secret = password != null ? password : HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            Path keyStore = directory.resolve(KEY_STORE);
            KeyStore organisation =
                    pki.organisationCertificate(organisationNumber, "Signchain Demo AS", secret.toCharArray());
            try (OutputStream out = Files.newOutputStream(ownerOnly(keyStore))) {
                organisation.store(out, secret.toCharArray());
            }
            Files.writeString(ownerOnly(directory.resolve(PASSWORD)), secret, StandardCharsets.UTF_8);
            Path trusted = Files.createDirectories(directory.resolve(TRUSTED));
            Files.write(trusted.resolve(CA), pki.caCertificate().getEncoded());
            return new Written(keyStore, secret, trusted);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the fake Posten service's credentials", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not write the fake Posten service's credentials", e);
        }
    }

    /** An empty file only its owner may read, where the file system has POSIX permissions. */
    private static Path ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: left as created
        }
        return file;
    }
}
