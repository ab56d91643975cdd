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
 * @param reminders            the reminder schedule of contracts whose submission names none
 * @param startAttemptTimeout  how long one attempt to start a contract's workflow waits for Temporal: a submission
 *                             answers after at most this long when Temporal cannot be reached, and leaves the start
 *                             to the sweep
 * @param controlTimeout       how long a control (cancel, replace a signer, move a deadline, remind) waits for the
 *                             contract's workflow: not taken by then (Temporal or the workers not answering), it
 *                             answers 503; taken but not yet applied, 202
 */
@ConfigurationProperties("signchain.contracts")
public record ContractProperties(
        @DefaultValue("P14D") Duration defaultSigningPeriod,
        @DefaultValue("PT30S") Duration reconcileInterval,
        @DefaultValue("20") int maxSigners,
        @DefaultValue Reminders reminders,
        @DefaultValue("PT5S") Duration startAttemptTimeout,
        @DefaultValue("PT10S") Duration controlTimeout) {

    /**
     * The default reminder schedule: the signer whose turn it is is reminded {@code firstAfter} their session opened,
     * then every {@code every}, at most {@code max} times. {@code max} 0 switches reminders off by default.
     */
    public record Reminders(
            @DefaultValue("P3D") Duration firstAfter,
            @DefaultValue("P3D") Duration every,
            @DefaultValue("2") int max) {}
}
