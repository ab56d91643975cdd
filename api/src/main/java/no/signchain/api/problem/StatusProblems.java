package no.signchain.api.problem;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * What signchain answers for a status when nothing more specific is known: a fixed title and detail per status,
 * never built from the request. Spring's, the servlet container's and a firewall's refusals all end here, and their
 * own messages do not: they quote the path, the method, the parameter's value (an identity number, say).
 */
public final class StatusProblems {

    private static final Map<Integer, String> DETAILS = Map.ofEntries(
            Map.entry(400, "the request is malformed and was not processed"),
            Map.entry(401, "the request needs a valid access token"),
            Map.entry(403, "the access token does not allow this request"),
            Map.entry(404, "nothing here: the API's paths are listed at /v3/api-docs"),
            Map.entry(405, "this path does not take that method: the Allow header lists the ones it does"),
            Map.entry(406, "this call cannot answer in a media type the Accept header allows"),
            Map.entry(408, "the request was not received in time"),
            Map.entry(409, "the request conflicts with the current state"),
            Map.entry(413, "the request is larger than signchain accepts"),
            Map.entry(414, "the request's URI is longer than signchain accepts"),
            Map.entry(415, "this call does not take the request's Content-Type"),
            Map.entry(431, "the request's headers are larger than signchain accepts"),
            Map.entry(500, "signchain could not handle the request; see its log"),
            Map.entry(503, "signchain is temporarily unavailable; try again later"));

    private StatusProblems() {}

    public static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    public static String detail(int status) {
        return DETAILS.getOrDefault(status, status >= 500 ? DETAILS.get(500) : DETAILS.get(400));
    }

    public static ProblemDetail of(int status) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail(status));
        problem.setTitle(title(status));
        return problem;
    }

    /** The same problem as JSON text, for the container, which writes its answers without Spring's converters. */
    static String json(int status) {
        return json(status, detail(status));
    }

    /**
     * The problem for a status with a more specific detail, as JSON text, for filters that answer before Spring MVC.
     * The detail must be a constant of the caller's: it is not escaped, and client input has no place in it.
     */
    public static String json(int status, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title(status) + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"}";
    }
}
