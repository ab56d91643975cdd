package no.signchain.simulator.pades;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A signer's key and certificate chain (leaf first, then the simulator CA). */
public record SignerCredential(PrivateKey privateKey, X509Certificate certificate, X509Certificate caCertificate) {

    @Override
    public String toString() {
        return "SignerCredential[" + certificate.getSerialNumber().toString(16) + "]";
    }
}
