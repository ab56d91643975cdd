package no.signchain.api.callback;

import java.util.Optional;

/** Intake's check of a contract's {@code callbackUrl}: callbacks are on, and the URL is a safe target now. */
public final class CallbackUrlCheck {

    private final CallbackSigning signing;
    private final CallbackTargets targets;

    public CallbackUrlCheck(CallbackSigning signing, CallbackTargets targets) {
        this.signing = signing;
        this.targets = targets;
    }

    /** Why the URL is refused, in words that never quote it; empty when it is accepted. */
    public Optional<String> problemWith(String url) {
        if (!signing.enabled()) {
            return Optional.of("callbacks are not configured on this signchain (it has no secret to sign them with)");
        }
        return targets.problemWithCallbackUrl(url);
    }
}
