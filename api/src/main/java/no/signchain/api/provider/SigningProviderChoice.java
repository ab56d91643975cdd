package no.signchain.api.provider;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import no.signchain.workflows.contract.SigningMode;

/**
 * The signing services a contract can be submitted to here. A provider that is known but switched off is refused
 * as firmly as an unknown one: the contract would wait forever for a worker that cannot open its sessions.
 */
public class SigningProviderChoice {

    private final String defaultProvider;
    private final Map<String, Boolean> enabled;

    public SigningProviderChoice(ProviderProperties properties) {
        this.defaultProvider = properties.defaultProvider();
        this.enabled = properties.enabled();
        if (!Boolean.TRUE.equals(enabled.get(defaultProvider))) {
            throw new IllegalStateException("The default signing provider '" + defaultProvider + "' (signchain"
                    + ".providers.default, SIGNCHAIN_DEFAULT_PROVIDER) is not one of the enabled providers "
                    + enabledNames());
        }
    }

    /** The providers that order the signers themselves, in one job for the whole contract. */
    private static final Set<String> ORDERING_PROVIDERS = Set.of("posten");

    /** How the provider takes the signers in turn: one job it orders itself, or a session per signer in a chain. */
    public static SigningMode signingModeOf(String provider) {
        return ORDERING_PROVIDERS.contains(provider) ? SigningMode.ORDERED_JOB : SigningMode.CHAIN;
    }

    public String defaultProvider() {
        return defaultProvider;
    }

    /**
     * Why a contract cannot name this provider here, or empty when it can. An unknown value is not quoted: it is the
     * client's text and could be anything, an identity number pasted into the wrong field included.
     */
    public Optional<String> problemWith(String provider) {
        if (!enabled.containsKey(provider)) {
            return Optional.of("is not a signing provider signchain knows; known: "
                    + String.join(", ", new TreeSet<>(enabled.keySet())));
        }
        if (!Boolean.TRUE.equals(enabled.get(provider))) {
            return Optional.of("provider '" + provider + "' is not configured here; enabled: " + enabledNames());
        }
        return Optional.empty();
    }

    private String enabledNames() {
        TreeSet<String> names = new TreeSet<>();
        enabled.forEach((name, on) -> {
            if (Boolean.TRUE.equals(on)) {
                names.add(name);
            }
        });
        return String.join(", ", names);
    }
}
