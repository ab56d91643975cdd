package no.signchain.simulator.sessions;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Parameters of {@code GET /sign/signing-sessions}, already validated. */
record ListQuery(
        int offset,
        int limit,
        List<String> sort,
        Set<String> states,
        Instant createdFrom,
        Instant createdTo,
        Instant dueFrom,
        Instant dueTo,
        String titleLike) {}
