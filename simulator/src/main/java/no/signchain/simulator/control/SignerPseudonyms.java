package no.signchain.simulator.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.signchain.simulator.InSimulatorContext;
import org.springframework.stereotype.Component;

/**
 * A stable pseudonym per NIN for this simulator run (HMAC with a random per-run key, 12 hex digits), so tests can
 * tell signers apart (e.g. several "BankID Testbruker") without the control API ever showing a NIN.
 */
@Component
@InSimulatorContext
public class SignerPseudonyms {

    private final byte[] key = new byte[32];

    public SignerPseudonyms(SecureRandom simulatorSecureRandom) {
        simulatorSecureRandom.nextBytes(key);
    }

    public String of(String nin) {
        if (nin == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "signer-" + HexFormat.of().formatHex(mac.doFinal(nin.getBytes(StandardCharsets.UTF_8)), 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
