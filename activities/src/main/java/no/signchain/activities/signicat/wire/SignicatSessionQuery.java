package no.signchain.activities.signicat.wire;

import java.time.Instant;
import java.util.List;

/**
 * Filters and paging for {@code GET /signing-sessions}. {@code null} leaves a parameter out (Signicat's defaults:
 * offset 0, limit 100, sort {@code -createdAt}). Start from {@link #all()}.
 *
 * @param sort            e.g. {@code +dueDate} or {@code -createdAt}
 * @param states          any of these states; {@link SignicatSessionState#UNKNOWN} is not allowed
 * @param sessionTitleLike case-insensitive partial title match; never logged
 */
public record SignicatSessionQuery(
        Integer offset,
        Integer limit,
        List<String> sort,
        List<SignicatSessionState> states,
        Instant createdDateFrom,
        Instant createdDateTo,
        Instant dueDateFrom,
        Instant dueDateTo,
        String sessionTitleLike) {

    public SignicatSessionQuery {
        if (offset != null && (offset < 0 || offset > 100_000)) {
            throw new IllegalArgumentException("offset must be 0..100000");
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw new IllegalArgumentException("limit must be 1..1000");
        }
        if (states != null && states.contains(SignicatSessionState.UNKNOWN)) {
            throw new IllegalArgumentException("UNKNOWN is not a queryable state");
        }
        sort = sort == null ? null : List.copyOf(sort);
        states = states == null ? null : List.copyOf(states);
    }

    /** No filters, Signicat's default paging. */
    public static SignicatSessionQuery all() {
        return new SignicatSessionQuery(null, null, null, null, null, null, null, null, null);
    }

    public SignicatSessionQuery withPage(int offset, int limit) {
        return new SignicatSessionQuery(
                offset, limit, sort, states, createdDateFrom, createdDateTo, dueDateFrom, dueDateTo, sessionTitleLike);
    }

    public SignicatSessionQuery withSort(String... sort) {
        return new SignicatSessionQuery(
                offset,
                limit,
                List.of(sort),
                states,
                createdDateFrom,
                createdDateTo,
                dueDateFrom,
                dueDateTo,
                sessionTitleLike);
    }

    public SignicatSessionQuery withStates(SignicatSessionState... states) {
        return new SignicatSessionQuery(
                offset,
                limit,
                sort,
                List.of(states),
                createdDateFrom,
                createdDateTo,
                dueDateFrom,
                dueDateTo,
                sessionTitleLike);
    }

    public SignicatSessionQuery withCreatedBetween(Instant from, Instant to) {
        return new SignicatSessionQuery(
                offset, limit, sort, states, from, to, dueDateFrom, dueDateTo, sessionTitleLike);
    }

    public SignicatSessionQuery withDueBetween(Instant from, Instant to) {
        return new SignicatSessionQuery(
                offset, limit, sort, states, createdDateFrom, createdDateTo, from, to, sessionTitleLike);
    }

    public SignicatSessionQuery withSessionTitleLike(String sessionTitleLike) {
        return new SignicatSessionQuery(
                offset, limit, sort, states, createdDateFrom, createdDateTo, dueDateFrom, dueDateTo, sessionTitleLike);
    }
}
