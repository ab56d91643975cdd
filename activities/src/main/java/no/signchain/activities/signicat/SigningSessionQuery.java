package no.signchain.activities.signicat;

import java.time.Instant;
import java.util.List;

/**
 * Filters and paging for {@code GET /signing-sessions}. {@code null} leaves a parameter out (Signicat's defaults:
 * offset 0, limit 100, sort {@code -createdAt}). Start from {@link #all()}.
 *
 * @param sort            e.g. {@code +dueDate} or {@code -createdAt}
 * @param states          any of these states; {@link SessionState#UNKNOWN} is not allowed
 * @param sessionTitleLike case-insensitive partial title match; never logged
 */
public record SigningSessionQuery(
        Integer offset,
        Integer limit,
        List<String> sort,
        List<SessionState> states,
        Instant createdDateFrom,
        Instant createdDateTo,
        Instant dueDateFrom,
        Instant dueDateTo,
        String sessionTitleLike) {

    public SigningSessionQuery {
        if (offset != null && (offset < 0 || offset > 100_000)) {
            throw new IllegalArgumentException("offset must be 0..100000");
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw new IllegalArgumentException("limit must be 1..1000");
        }
        if (states != null && states.contains(SessionState.UNKNOWN)) {
            throw new IllegalArgumentException("UNKNOWN is not a queryable state");
        }
        sort = sort == null ? null : List.copyOf(sort);
        states = states == null ? null : List.copyOf(states);
    }

    /** No filters, Signicat's default paging. */
    public static SigningSessionQuery all() {
        return new SigningSessionQuery(null, null, null, null, null, null, null, null, null);
    }

    public SigningSessionQuery withPage(int offset, int limit) {
        return new SigningSessionQuery(offset, limit, sort, states, createdDateFrom, createdDateTo, dueDateFrom,
                dueDateTo, sessionTitleLike);
    }

    public SigningSessionQuery withSort(String... sort) {
        return new SigningSessionQuery(offset, limit, List.of(sort), states, createdDateFrom, createdDateTo,
                dueDateFrom, dueDateTo, sessionTitleLike);
    }

    public SigningSessionQuery withStates(SessionState... states) {
        return new SigningSessionQuery(offset, limit, sort, List.of(states), createdDateFrom, createdDateTo,
                dueDateFrom, dueDateTo, sessionTitleLike);
    }

    public SigningSessionQuery withCreatedBetween(Instant from, Instant to) {
        return new SigningSessionQuery(offset, limit, sort, states, from, to, dueDateFrom, dueDateTo,
                sessionTitleLike);
    }

    public SigningSessionQuery withDueBetween(Instant from, Instant to) {
        return new SigningSessionQuery(offset, limit, sort, states, createdDateFrom, createdDateTo, from, to,
                sessionTitleLike);
    }

    public SigningSessionQuery withSessionTitleLike(String sessionTitleLike) {
        return new SigningSessionQuery(offset, limit, sort, states, createdDateFrom, createdDateTo, dueDateFrom,
                dueDateTo, sessionTitleLike);
    }
}
