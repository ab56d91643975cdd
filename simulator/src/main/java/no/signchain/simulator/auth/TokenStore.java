package no.signchain.simulator.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import org.springframework.stereotype.Component;

/** Issued access tokens (opaque random strings) with their scopes and expiry. */
@Component
@InSimulatorContext
public class TokenStore {

    /** The scope that carries the Sign API permission. */
    public static final String SIGN_SCOPE = "signicat-api";

    public record Token(String value, Set<String> scopes, Instant expiresAt) {}

    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final SimulatorProperties props;
    private final Clock clock;
    private final SecureRandom random;

    public TokenStore(SimulatorProperties props, Clock simulatorClock, SecureRandom simulatorSecureRandom) {
        this.props = props;
        this.clock = simulatorClock;
        this.random = simulatorSecureRandom;
    }

    public Token issue(Set<String> scopes) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String value = "sim_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Token t = new Token(value, Set.copyOf(scopes), clock.instant().plus(props.tokenExpiresIn()));
        tokens.put(value, t);
        return t;
    }

    /** The token if it exists and has not expired, else null. */
    public Token find(String value) {
        Token t = tokens.get(value);
        if (t == null) {
            return null;
        }
        if (!clock.instant().isBefore(t.expiresAt())) {
            tokens.remove(value, t);
            return null;
        }
        return t;
    }

    public void purgeExpired(Instant now) {
        tokens.values().removeIf(t -> !now.isBefore(t.expiresAt()));
    }

    public void clear() {
        tokens.clear();
    }
}
