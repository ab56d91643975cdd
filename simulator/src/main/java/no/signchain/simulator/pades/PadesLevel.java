package no.signchain.simulator.pades;

import eu.europa.esig.dss.enumerations.SignatureLevel;

/**
 * The PAdES baseline level the simulator signs at ({@code signchain.simulator.signature-level}).
 *
 * <ul>
 *   <li>{@link #B}: the signature only;</li>
 *   <li>{@link #T}: plus a signature timestamp from the simulator TSA;</li>
 *   <li>{@link #LT}: plus the certificates and revocation data (OCSP responses of the simulator CA) in the PDF's DSS
 *       dictionary, in an incremental revision after the signature (the default, like Signicat's NBID PKI result);</li>
 *   <li>{@link #LTA}: plus a document timestamp after that.</li>
 * </ul>
 */
public enum PadesLevel {
    B(SignatureLevel.PAdES_BASELINE_B),
    T(SignatureLevel.PAdES_BASELINE_T),
    LT(SignatureLevel.PAdES_BASELINE_LT),
    LTA(SignatureLevel.PAdES_BASELINE_LTA);

    private final SignatureLevel dss;

    PadesLevel(SignatureLevel dss) {
        this.dss = dss;
    }

    /** DSS's name for the level. */
    public SignatureLevel dss() {
        return dss;
    }
}
