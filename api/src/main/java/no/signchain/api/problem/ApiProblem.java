package no.signchain.api.problem;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A request signchain refuses, carried to {@link ProblemResponses} to become {@code application/problem+json}. */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<InvalidParam> invalidParams;

    public ApiProblem(HttpStatus status, String title, String detail, List<InvalidParam> invalidParams) {
        super(detail);
        this.status = status;
        this.title = title;
        this.invalidParams = List.copyOf(invalidParams);
    }

    public static ApiProblem invalid(List<InvalidParam> invalidParams) {
        String detail = invalidParams.size() == 1
                ? invalidParams.get(0).name() + ": " + invalidParams.get(0).reason()
                : invalidParams.size() + " fields are invalid: "
                        + String.join(
                                ", ",
                                invalidParams.stream().map(InvalidParam::name).toList());
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", detail, invalidParams);
    }

    public static ApiProblem invalid(String name, String reason) {
        return invalid(List.of(new InvalidParam(name, reason)));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", detail, List.of());
    }

    /** The request is well-formed but the contract's state does not allow it now. */
    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict with the contract's state", detail, List.of());
    }

    /** What was asked for existed and was erased on purpose (a contract's documents after erasure). */
    public static ApiProblem gone(String detail) {
        return new ApiProblem(HttpStatus.GONE, "Gone", detail, List.of());
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable", detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<InvalidParam> invalidParams() {
        return invalidParams;
    }
}
