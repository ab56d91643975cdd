package no.signchain.simulator.problem;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Thrown anywhere in the simulator to answer with a problem+json error; see {@link ProblemAdvice}. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<InvalidParam> invalidParams;
    private final Map<String, String> headers;

    public ProblemException(
            HttpStatus status,
            String code,
            String detail,
            List<InvalidParam> invalidParams,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.invalidParams = invalidParams == null || invalidParams.isEmpty() ? null : List.copyOf(invalidParams);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ProblemException(HttpStatus status, String code, String detail) {
        this(status, code, detail, null, null);
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not_found", what + " '" + id + "' was not found.");
    }

    public static ProblemException badRequest(String detail, List<InvalidParam> invalidParams) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "bad_request", detail, invalidParams, null);
    }

    public static ProblemException invalidParam(String name, String reason) {
        return badRequest("The request was malformed.", List.of(new InvalidParam(name, reason)));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, "conflict", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<InvalidParam> invalidParams() {
        return invalidParams;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
