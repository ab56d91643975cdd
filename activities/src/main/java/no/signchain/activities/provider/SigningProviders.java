package no.signchain.activities.provider;

import io.temporal.failure.ApplicationFailure;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The providers this worker can open sessions at, by {@link SigningProvider#name()}. Activities look up the contract's
 * provider here on every call, so the workflow never carries or chooses one.
 */
public class SigningProviders {

    private final Map<String, SigningProvider> byName = new TreeMap<>();

    public SigningProviders(List<SigningProvider> providers) {
        for (SigningProvider provider : providers) {
            if (byName.put(provider.name(), provider) != null) {
                throw new IllegalArgumentException("two signing providers are named " + provider.name());
            }
        }
    }

    /**
     * The provider of that name. One not configured on this worker fails the activity retryably: the contract was
     * accepted for it, so another worker (or this one, reconfigured) can carry it on, and the failure says which.
     */
    public SigningProvider named(String name) {
        SigningProvider provider = byName.get(name);
        if (provider == null) {
            throw ApplicationFailure.newFailure(
                    "signing provider " + name + " is not configured on this worker; configured: " + byName.keySet(),
                    "ProviderNotConfigured");
        }
        return provider;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }
}
