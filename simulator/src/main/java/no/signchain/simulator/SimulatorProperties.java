package no.signchain.simulator;

import java.time.Duration;
import java.util.List;
import no.signchain.simulator.control.Knobs;
import no.signchain.simulator.pades.CertificateIdentifier;
import no.signchain.simulator.pades.PadesLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * All configuration of the simulator, under {@code signchain.simulator.*}. Every value has a default, so the
 * simulator runs with no configuration at all.
 *
 * @param clientId                  OAuth client id accepted by the token endpoint
 * @param clientSecret              its secret
 * @param tokenExpiresIn            lifetime of an access token ({@code expires_in})
 * @param documentRetentionUnused   an uploaded document not put in a session within this is deleted (Signicat: 30 min)
 * @param documentRetentionAfterDue documents (and the session) of a session live until its dueDate plus this (7 days)
 * @param defaultDueIn              dueDate of a session created without one
 * @param maxDueIn                  the furthest a dueDate may lie ahead (Signicat: 45 days); also caps signatureUrlTimeToLive
 * @param maxDocumentBytes          largest accepted upload
 * @param sweepInterval             how often expired documents, sessions and tokens are cleaned up
 * @param publicBaseUrl             base of {@code signatureUrl}; when unset it is taken from the creating request
 * @param accountId                 {@code accountId} in event envelopes
 * @param organizationId            {@code organizationId} in event envelopes (null by default)
 * @param ca                        the simulator's test CA
 * @param signatureLevel            PAdES baseline level of every signature: B, T, LT (default) or LTA
 * @param certificateIdentifier     signer certificates' subject serialNumber: PNO ({@code PNONO-<nin>}, default) or
 *                                  BARE (the eleven digits)
 * @param users                     extra test identities besides the seeded public BankID test users
 * @param events                    webhook subscriptions and delivery policy
 * @param knobs                     test and benchmark knobs (also changeable at runtime, see the control API)
 */
@ConfigurationProperties(prefix = "signchain.simulator")
public record SimulatorProperties(
        String clientId,
        String clientSecret,
        Duration tokenExpiresIn,
        Duration documentRetentionUnused,
        Duration documentRetentionAfterDue,
        Duration defaultDueIn,
        Duration maxDueIn,
        Long maxDocumentBytes,
        Duration sweepInterval,
        String publicBaseUrl,
        String accountId,
        String organizationId,
        Ca ca,
        PadesLevel signatureLevel,
        CertificateIdentifier certificateIdentifier,
        List<User> users,
        Events events,
        Knobs knobs) {

    public SimulatorProperties {
        clientId = clientId == null ? "signchain-sim" : clientId;
        clientSecret = clientSecret == null ? "signchain-sim-secret" : clientSecret;
        tokenExpiresIn = tokenExpiresIn == null ? Duration.ofHours(1) : tokenExpiresIn;
        documentRetentionUnused = documentRetentionUnused == null ? Duration.ofMinutes(30) : documentRetentionUnused;
        documentRetentionAfterDue = documentRetentionAfterDue == null ? Duration.ofDays(7) : documentRetentionAfterDue;
        defaultDueIn = defaultDueIn == null ? Duration.ofDays(30) : defaultDueIn;
        maxDueIn = maxDueIn == null ? Duration.ofDays(45) : maxDueIn;
        maxDocumentBytes = maxDocumentBytes == null ? 50L * 1024 * 1024 : maxDocumentBytes;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(1) : sweepInterval;
        accountId = accountId == null ? "a-sim-signchain" : accountId;
        ca = ca == null ? new Ca(null, null) : ca;
        signatureLevel = signatureLevel == null ? PadesLevel.LT : signatureLevel;
        certificateIdentifier = certificateIdentifier == null ? CertificateIdentifier.PNO : certificateIdentifier;
        users = users == null ? List.of() : List.copyOf(users);
        events = events == null ? new Events(null, null, null, null, null, null) : events;
        knobs = knobs == null ? Knobs.defaults() : knobs;
    }

    /** Defaults for everything: what the simulator uses when nothing is configured. */
    public static SimulatorProperties defaults() {
        return new SimulatorProperties(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /**
     * The test CA. Generated in memory at startup unless {@code keyStore} names a PKCS#12 file: then it is loaded
     * from there, or generated and written there if the file does not exist yet.
     */
    public record Ca(String keyStore, String keyStorePassword) {
        public Ca {
            keyStorePassword = keyStorePassword == null ? "signchain-sim" : keyStorePassword;
        }
    }

    /** An extra test identity. */
    public record User(String nin, String firstName, String lastName) {}

    /**
     * Webhook delivery.
     *
     * @param subscriptions   receivers known from startup (more can be added through the control API)
     * @param ttl             {@code expiresAt - timestamp} of every event; retries stop at expiresAt
     * @param retryInitial    first retry delay after a failed delivery; doubles each time
     * @param retryMax        cap of the retry delay
     * @param requestTimeout  timeout of one delivery attempt
     * @param deliveryThreads threads delivering events
     */
    public record Events(
            List<Subscription> subscriptions,
            Duration ttl,
            Duration retryInitial,
            Duration retryMax,
            Duration requestTimeout,
            Integer deliveryThreads) {
        public Events {
            subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
            ttl = ttl == null ? Duration.ofHours(24) : ttl;
            retryInitial = retryInitial == null ? Duration.ofMillis(500) : retryInitial;
            retryMax = retryMax == null ? Duration.ofSeconds(30) : retryMax;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
            deliveryThreads = deliveryThreads == null ? 4 : deliveryThreads;
        }
    }

    /** A webhook receiver: events are POSTed to {@code url} and signed with {@code secret} (no header if null). */
    public record Subscription(String url, String secret) {}
}
