package no.signchain.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Timestamps on the wire: ISO-8601 instants in UTC with at most millisecond precision. */
public final class Times {

    private Times() {}

    public static String iso(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Parses an ISO-8601 date-time with an offset ({@code 2025-04-01T17:32:28Z}); null if it is not one. */
    public static Instant parse(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
