package no.signchain.api.provider;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Which signing services contracts may name ({@code signchain.providers.*}, from {@code signchain-providers.yml},
 * which the worker reads too: both processes must agree on what is switched on).
 *
 * @param defaultProvider the provider of a contract that names none
 * @param enabled         every provider signchain knows, and whether this installation has it configured
 */
@ConfigurationProperties("signchain.providers")
public record ProviderProperties(
        @Name("default") @DefaultValue("signicat-v2") String defaultProvider, Map<String, Boolean> enabled) {

    public ProviderProperties {
        enabled = enabled == null ? Map.of("signicat-v2", true) : Map.copyOf(new TreeMap<>(enabled));
    }
}
