package no.signchain.simulator.zignsec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One simulated ZignSec signing session; guarded by its own monitor. */
final class ZignsecSession {

    enum Status {
        Created,
        Pending,
        Finished,
        Cancelled
    }

    /** An uploaded or signed file. */
    record File(String id, String name, byte[] bytes, String md5) {}

    final String id;
    final String relayState;
    final String personalNumber;
    final String title;
    final String successUrl;
    final String failureUrl;
    final String webhook;
    final Instant createdAt;
    final Instant expiresAt;
    final List<File> inputFiles = new ArrayList<>();
    final List<File> signedFiles = new ArrayList<>();
    Status status = Status.Created;
    String errorCode;
    String errorDescription;
    Integer errorStatus;

    ZignsecSession(
            String id,
            String relayState,
            String personalNumber,
            String title,
            String successUrl,
            String failureUrl,
            String webhook,
            Instant createdAt,
            Instant expiresAt) {
        this.id = id;
        this.relayState = relayState;
        this.personalNumber = personalNumber;
        this.title = title;
        this.successUrl = successUrl;
        this.failureUrl = failureUrl;
        this.webhook = webhook;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }
}
