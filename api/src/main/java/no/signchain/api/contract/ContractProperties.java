package no.signchain.api.contract;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How signchain runs contracts ({@code signchain.contracts.*}).
 *
 * @param defaultSigningPeriod how long a signer's session stays open when the signer has no deadline
 * @param reconcileInterval    how long a step waits for an event before signchain reads the session itself
 * @param maxSigners           the longest signing chain accepted
 */
@ConfigurationProperties("signchain.contracts")
public record ContractProperties(
        @DefaultValue("P14D") Duration defaultSigningPeriod,
        @DefaultValue("PT30S") Duration reconcileInterval,
        @DefaultValue("20") int maxSigners) {}
