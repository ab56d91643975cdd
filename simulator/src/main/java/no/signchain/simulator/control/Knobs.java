package no.signchain.simulator.control;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.signchain.simulator.identity.Nin;
import no.signchain.simulator.sessions.SignOptions;

/**
 * Test and benchmark knobs. Configured under {@code signchain.simulator.knobs.*} and changed at runtime with
 * {@code PUT /simulator/control/knobs} (partial JSON, durations as ISO-8601 strings like {@code "PT0.5S"}).
 *
 * @param autoSignAfter      sign every new session after this delay without a browser (null = off); at the fake
 *                           Posten, each signer this long after their turn opens
 * @param autoRejectNins     sessions for these NINs are rejected instead (after autoSignAfter, or at once if that is off)
 * @param duplicateEvents    deliver every event twice (same envelope id)
 * @param eventDelay         hold every delivery this long before the first attempt
 * @param reorderBatchSize   hold deliveries until this many are waiting, then send them in reverse order (0/1 = off)
 * @param reorderMaxHold     a partly filled reorder batch is released after this long
 * @param dropEventRate      share (0..1) of deliveries that are dropped: never delivered
 * @param failRate           share (0..1) of API calls (/sign/**) answered with one of failStatuses before any work
 * @param failStatuses       statuses for failed calls, picked at random: 500, 503, 429 (503/429 carry Retry-After)
 * @param retryAfterSeconds  the Retry-After value
 * @param hangRate           share (0..1) of API calls that hang for hangFor before answering 504 (no work done)
 * @param hangFor            how long a hanging call hangs
 * @param hangThenProcess    true: after hanging, process the call normally (the "response lost in transit" case)
 * @param faultTokenEndpoint true: the failure/hang knobs also apply to the token endpoint
 * @param garbleRate         share (0..1) of API calls answered 200 with a body that is not JSON, before any work
 * @param truncateRate       share (0..1) of API calls whose 200 answer breaks off mid-body and the connection closes,
 *                           before any work (what a client sees of a connection reset)
 * @param seed               seed for the random decisions (null = unseeded); reproducible for sequential calls
 * @param signAsByNin        intended signer's NIN → NIN of the test user who actually signs (an impostor), for every
 *                           signing of such a session (signer page or auto-sign) that does not say {@code signAs}
 * @param tamperByNin        intended signer's NIN → {@code earlier-revision} | {@code unsigned}, likewise for
 *                           {@code tamper}
 */
public record Knobs(
        Duration autoSignAfter,
        List<String> autoRejectNins,
        Boolean duplicateEvents,
        Duration eventDelay,
        Integer reorderBatchSize,
        Duration reorderMaxHold,
        Double dropEventRate,
        Double failRate,
        List<Integer> failStatuses,
        Integer retryAfterSeconds,
        Double hangRate,
        Duration hangFor,
        Boolean hangThenProcess,
        Boolean faultTokenEndpoint,
        Double garbleRate,
        Double truncateRate,
        Long seed,
        Map<String, String> signAsByNin,
        Map<String, String> tamperByNin) {

    public Knobs {
        autoRejectNins = autoRejectNins == null ? List.of() : List.copyOf(autoRejectNins);
        duplicateEvents = duplicateEvents != null && duplicateEvents;
        eventDelay = eventDelay == null ? Duration.ZERO : eventDelay;
        reorderBatchSize = reorderBatchSize == null ? 0 : reorderBatchSize;
        reorderMaxHold = reorderMaxHold == null ? Duration.ofSeconds(2) : reorderMaxHold;
        dropEventRate = dropEventRate == null ? 0.0 : dropEventRate;
        failRate = failRate == null ? 0.0 : failRate;
        failStatuses =
                failStatuses == null || failStatuses.isEmpty() ? List.of(500, 503, 429) : List.copyOf(failStatuses);
        retryAfterSeconds = retryAfterSeconds == null ? 1 : retryAfterSeconds;
        hangRate = hangRate == null ? 0.0 : hangRate;
        hangFor = hangFor == null ? Duration.ofSeconds(30) : hangFor;
        hangThenProcess = hangThenProcess != null && hangThenProcess;
        faultTokenEndpoint = faultTokenEndpoint != null && faultTokenEndpoint;
        garbleRate = garbleRate == null ? 0.0 : garbleRate;
        truncateRate = truncateRate == null ? 0.0 : truncateRate;
        signAsByNin = signAsByNin == null ? Map.of() : copy(signAsByNin);
        tamperByNin = tamperByNin == null ? Map.of() : copy(tamperByNin);
        signAsByNin.forEach((intended, actual) -> {
            if (!Nin.isWellFormed(intended) || !Nin.isWellFormed(actual)) {
                throw new IllegalArgumentException("signAsByNin maps 11-digit NINs to 11-digit NINs");
            }
        });
        tamperByNin.forEach((intended, tamper) -> {
            if (!Nin.isWellFormed(intended)) {
                throw new IllegalArgumentException("tamperByNin is keyed by 11-digit NINs");
            }
            SignOptions.Tamper.parse(tamper);
        });
        check("dropEventRate", dropEventRate);
        check("failRate", failRate);
        check("hangRate", hangRate);
        check("garbleRate", garbleRate);
        check("truncateRate", truncateRate);
        for (Integer s : failStatuses) {
            if (s == null || s < 400 || s > 599) {
                throw new IllegalArgumentException("failStatuses must be HTTP error statuses (400..599)");
            }
        }
        if (retryAfterSeconds < 0
                || reorderBatchSize < 0
                || eventDelay.isNegative()
                || hangFor.isNegative()
                || reorderMaxHold.isNegative()
                || (autoSignAfter != null && autoSignAfter.isNegative())) {
            throw new IllegalArgumentException("durations and counts must not be negative");
        }
    }

    /** The knobs' choice of how a session for {@code intendedNin} is signed (what the signer page does not say). */
    public SignOptions signOptionsFor(String intendedNin) {
        String tamper = tamperByNin.get(intendedNin);
        return new SignOptions(signAsByNin.get(intendedNin), tamper == null ? null : SignOptions.Tamper.parse(tamper));
    }

    private static Map<String, String> copy(Map<String, String> m) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    private static void check(String name, double rate) {
        if (rate < 0.0 || rate > 1.0) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }

    public static Knobs defaults() {
        return new Knobs(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }
}
