package no.signchain.activities.posten;

import java.time.Instant;
import java.util.Optional;

/**
 * What one poll of the status queue found: a change or none, and when Posten permits the next poll
 * ({@code X-Next-permitted-poll-time}; at once after a change, as more may wait).
 */
public record PostenPoll(Optional<PostenStatusChange> change, Instant nextPermittedPollTime) {}
