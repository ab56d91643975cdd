package no.signchain.api.callback;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this process sends callbacks, and with which secrets: none configured means none sent (and a
 * {@code callbackUrl} refused at intake), unless {@code make-up-secret} is set, as in the all-in-one app's demo.
 */
public final class CallbackSigning {

    private static final Logger log = LoggerFactory.getLogger(CallbackSigning.class);

    private final CallbackSigner signer;
    private final String madeUpSecret;

    private CallbackSigning(CallbackSigner signer, String madeUpSecret) {
        this.signer = signer;
        this.madeUpSecret = madeUpSecret;
    }

    static CallbackSigning from(CallbackProperties settings) {
        if (!settings.secrets().isEmpty()) {
            CallbackSigner signer = new CallbackSigner(settings.secrets());
            log.info("Callbacks are signed with {} secret(s)", signer.secretCount());
            return new CallbackSigning(signer, null);
        }
        if (settings.makeUpSecret()) {
            String secret = CallbackSigner.newSecret();
            // Made up for a demo run, so that callbacks can be tried and verified at all: shown to be used.
            log.warn(
                    "No callback secret configured (SIGNCHAIN_CALLBACKS_SECRETS): callbacks are signed with one made up"
                            + " for this run: {}",
                    secret);
            return new CallbackSigning(new CallbackSigner(List.of(secret)), secret);
        }
        if (!settings.subscriptions().isEmpty()) {
            throw new IllegalArgumentException("signchain.callbacks.subscriptions are configured, but no"
                    + " signchain.callbacks.secrets to sign their callbacks with");
        }
        log.info("No callback secret configured (SIGNCHAIN_CALLBACKS_SECRETS): no callbacks are sent, and a contract's"
                + " callbackUrl is refused");
        return new CallbackSigning(null, null);
    }

    public boolean enabled() {
        return signer != null;
    }

    public Optional<CallbackSigner> signer() {
        return Optional.ofNullable(signer);
    }

    /** The secret made up at start when none was configured and {@code make-up-secret} is set. */
    public Optional<String> madeUpSecret() {
        return Optional.ofNullable(madeUpSecret);
    }
}
