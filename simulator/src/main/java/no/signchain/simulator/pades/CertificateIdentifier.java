package no.signchain.simulator.pades;

/**
 * How a signer certificate names the person in its subject {@code serialNumber}
 * ({@code signchain.simulator.certificate-identifier}).
 */
public enum CertificateIdentifier {
    /**
     * The ETSI EN 319 412-1 natural-person semantics identifier: {@code PNO} + country + {@code -} + number, so
     * {@code PNONO-06046517928} (the default).
     */
    PNO,
    /** The bare eleven-digit national identity number, as older test material (and this simulator until now) had it. */
    BARE;

    /** The subject serialNumber value for a national identity number. */
    public String serialNumberFor(String nin) {
        return this == PNO ? "PNONO-" + nin : nin;
    }
}
