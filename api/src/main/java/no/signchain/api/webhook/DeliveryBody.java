package no.signchain.api.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import no.signchain.api.problem.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * A provider delivery's body, held in memory because its signature covers all of it; anyone can post to a webhook,
 * so its size is bounded before and while it is read, whatever the Content-Length claims (a chunked body has none).
 */
final class DeliveryBody {

    private DeliveryBody() {}

    static byte[] read(HttpServletRequest request, DataSize max) {
        long limit = max.toBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        byte[] raw;
        try (InputStream in = request.getInputStream()) {
            raw = in.readNBytes((int) limit + 1);
        } catch (IOException e) {
            throw ApiProblem.invalid("body", "could not be read");
        }
        if (raw.length > limit) {
            throw tooLarge(limit);
        }
        return raw;
    }

    private static ApiProblem tooLarge(long limit) {
        return new ApiProblem(
                HttpStatus.CONTENT_TOO_LARGE,
                "Delivery too large",
                "body: larger than the " + limit + " bytes signchain accepts for an event",
                List.of());
    }
}
