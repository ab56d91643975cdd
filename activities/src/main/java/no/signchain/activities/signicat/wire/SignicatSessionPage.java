package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One page of {@code GET /signing-sessions}.
 *
 * @param count number of sessions in {@code data}
 * @param total number of sessions matching the query across all pages
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignicatSessionPage(int limit, int offset, int count, long total, List<SignicatSession> data) {

    public SignicatSessionPage {
        data = data == null ? List.of() : data;
    }

    /** Whether a further page exists after this one. */
    public boolean hasMore() {
        return offset + count < total;
    }
}
