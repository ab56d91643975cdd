package no.signchain.simulator.problem;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import no.signchain.simulator.InSimulatorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every error into {@code application/problem+json}
 * {@code {type, title, status, code, detail, traceId, invalidParams?}} with a fresh 32-hex-digit traceId.
 */
@RestControllerAdvice
@InSimulatorContext
public class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final SecureRandom random;

    public ProblemAdvice(SecureRandom simulatorSecureRandom) {
        this.random = simulatorSecureRandom;
    }

    /** A fresh trace id: 16 random bytes as 32 lowercase hex digits. */
    public String newTraceId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public ResponseEntity<Problem> toResponse(ProblemException e) {
        Problem body = new Problem(
                "about:blank",
                e.status().getReasonPhrase(),
                e.status().value(),
                e.code(),
                e.getMessage(),
                newTraceId(),
                e.invalidParams());
        ResponseEntity.BodyBuilder b =
                ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        e.headers().forEach((k, v) -> b.header(k, v));
        if (e.status().is5xxServerError() || e.status() == HttpStatus.TOO_MANY_REQUESTS) {
            log.debug("Answering {} {} traceId={}", e.status().value(), e.code(), body.traceId());
        }
        return b.body(body);
    }

    @ExceptionHandler(ProblemException.class)
    public ResponseEntity<Problem> problem(ProblemException e) {
        return toResponse(e);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<Problem> noResource(NoResourceFoundException e) {
        return toResponse(new ProblemException(HttpStatus.NOT_FOUND, "not_found", "No such resource."));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e) {
        return toResponse(ProblemException.badRequest("The request body could not be read as JSON.", null));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Problem> unsupportedType(HttpMediaTypeNotSupportedException e) {
        return toResponse(new ProblemException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Content-Type " + e.getContentType() + " is not supported here."));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<Problem> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return toResponse(new ProblemException(
                HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "The requested representation is not available."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Problem> method(HttpRequestMethodNotSupportedException e) {
        return toResponse(new ProblemException(
                HttpStatus.METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method " + e.getMethod() + " is not allowed here."));
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MissingRequestHeaderException.class})
    public ResponseEntity<Problem> missing(Exception e) {
        return toResponse(ProblemException.badRequest(e.getMessage(), null));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<Problem> mismatch(MethodArgumentTypeMismatchException e) {
        return toResponse(ProblemException.badRequest(
                "The request was malformed.", List.of(new InvalidParam(e.getName(), "has an invalid value"))));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Problem> unexpected(Exception e) {
        ResponseEntity<Problem> r = toResponse(new ProblemException(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal_server_error", "An internal server error happened."));
        log.error("Unexpected error, traceId={}", r.getBody().traceId(), e);
        return r;
    }
}
