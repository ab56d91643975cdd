package no.signchain.api.problem;

import jakarta.servlet.MultipartConfigElement;
import java.net.URI;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error the API answers is {@code application/problem+json} (RFC 9457), with {@code invalidParams} naming
 * the fields at fault. Spring's own errors (missing part, wrong method, too large) get the same shape.
 * <p>
 * Not limited to signchain's controllers: wrong method, media type or path, and a multipart body too large or not
 * multipart at all, are refused before any controller is chosen, and an advice limited to a package never sees them.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    /** The upload limits as Tomcat enforces them (set from signchain.documents.max-size). */
    private final MultipartConfigElement multipart;

    public ProblemResponses(MultipartConfigElement multipart) {
        this.multipart = multipart;
    }

    /**
     * Spring fills a problem's {@code instance} with the request path when it is empty; the path is client input and
     * may carry an identity number (GET /api/v1/contracts/{what the client took for an id}), so it is left out.
     */
    @RestControllerAdvice
    static class NoRequestPathInProblems implements ResponseBodyAdvice<Object> {

        @Override
        public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
            return true;
        }

        @Override
        public Object beforeBodyWrite(
                Object body,
                MethodParameter returnType,
                MediaType contentType,
                Class<? extends HttpMessageConverter<?>> converterType,
                ServerHttpRequest request,
                ServerHttpResponse response) {
            if (body instanceof ProblemDetail problem) {
                problem.setInstance(null);
            }
            return body;
        }
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setTitle(problem.title());
        if (!problem.invalidParams().isEmpty()) {
            body.setProperty("invalidParams", problem.invalidParams());
        }
        return ResponseEntity.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            MissingServletRequestPartException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, ex.getRequestPartName() + ": the part is missing");
        body.setTitle("Invalid request");
        body.setProperty("invalidParams", List.of(new InvalidParam(ex.getRequestPartName(), "the part is missing")));
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (tooManyParts(ex)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(tooManyParts());
        }
        // The exception's own limit is -1 when the whole request, not one file, is over: name both limits.
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "document: larger than signchain accepts (at most "
                        + DataSize.ofBytes(multipart.getMaxFileSize()).toMegabytes() + "MB for the document, "
                        + DataSize.ofBytes(multipart.getMaxRequestSize()).toMegabytes() + "MB for the whole request)");
        body.setTitle("Document too large");
        body.setType(URI.create("about:blank"));
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /**
     * Tomcat stops reading a multipart body at its part limit ({@code server.tomcat.max-part-count}); Spring reports
     * that as a size problem or an unreadable body, by the words of Tomcat's message, so it is told by its cause.
     */
    private static boolean tooManyParts(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("FileCountLimitExceededException")) {
                return true;
            }
        }
        return false;
    }

    private static ProblemDetail tooManyParts() {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "the request has more parts than signchain accepts: a contract is a document part and a contract part");
        body.setTitle("Too many parts");
        return body;
    }

    /** A body that says it is multipart but cannot be read as such (no boundary, truncated) is the client's error. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> notMultipart(MultipartException e) {
        if (tooManyParts(e)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(tooManyParts());
        }
        log.debug("Unreadable multipart request", e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "the body is not readable as multipart/form-data: the Content-Type must name the boundary "
                        + "(multipart/form-data; boundary=...) that separates the parts");
        body.setTitle("Invalid request");
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /** Says what the call takes rather than echoing the Content-Type sent. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "this call takes "
                        + String.join(
                                " or ",
                                ex.getSupportedMediaTypes().stream()
                                        .map(MediaType::toString)
                                        .toList()) + " as its Content-Type");
        body.setTitle("Unsupported Media Type");
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /** Spring's own detail names the path, which is client input and may hold anything, an identity number too. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "nothing here: the API's paths are listed at /v3/api-docs");
        body.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /**
     * Every other refusal Spring makes (wrong method, unreadable parameter, missing header…) keeps its status and gets
     * signchain's fixed wording: Spring's own detail quotes the request, such as a parameter's value, which may be an
     * identity number. The parameter's name is ours and is named.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = StatusProblems.of(statusCode.value());
        String field = fieldAtFault(ex);
        if (field != null) {
            String reason = ex instanceof TypeMismatchException ? "is not a valid value here" : "is required";
            problem.setDetail(field + ": " + reason);
            problem.setProperty("invalidParams", List.of(new InvalidParam(field, reason)));
        }
        HttpHeaders answerHeaders = new HttpHeaders();
        answerHeaders.putAll(headers);
        answerHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(statusCode).headers(answerHeaders).body(problem);
    }

    private static String fieldAtFault(Exception ex) {
        return switch (ex) {
            case MethodArgumentTypeMismatchException mismatch -> mismatch.getName();
            case TypeMismatchException mismatch -> mismatch.getPropertyName();
            case MissingServletRequestParameterException missing -> missing.getParameterName();
            case MissingRequestHeaderException missing -> missing.getHeaderName();
            default -> null;
        };
    }

    /**
     * Tomcat parses the query string (and a form body) when a parameter is first asked for, and refuses one it cannot
     * take, such as {@code ?=x} (a parameter without a name), or too many. Its message quotes the parameter, value
     * and all, so it is neither answered nor logged.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> unreadableParameters(InvalidParameterException e) {
        int status = e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value() ? 413 : 400;
        log.debug("Refused a request with unreadable parameters");
        ProblemDetail body = StatusProblems.of(status);
        body.setDetail(
                status == 413
                        ? "the request has more parameters than signchain accepts"
                        : "the query string is malformed: every parameter needs a name, and percent-escapes must be valid");
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error", e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "signchain could not handle the request; see its log");
        body.setTitle("Internal error");
        return ResponseEntity.internalServerError()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }
}
