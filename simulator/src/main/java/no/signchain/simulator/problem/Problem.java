package no.signchain.simulator.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The body of every API error, served as {@code application/problem+json} (Signicat's error shape). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "code", "detail", "traceId", "invalidParams"})
public record Problem(
        String type,
        String title,
        int status,
        String code,
        String detail,
        String traceId,
        List<InvalidParam> invalidParams) {}
