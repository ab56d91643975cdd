package no.signchain.api.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.swagger.v3.oas.annotations.Hidden;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.function.UnaryOperator;
import no.signchain.api.problem.ApiProblem;
import no.signchain.protection.EncryptionCodec;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Temporal's remote codec endpoints, so that the Web UI and the CLI ({@code --codec-endpoint}) show what signchain's
 * encrypted payloads hold: {@code POST /codec/decode} and {@code POST /codec/encode}, each taking and answering
 * {@code {"payloads": [{"metadata": {name: base64}, "data": base64}]}} (Temporal's {@code Payloads} in proto3 JSON).
 * Whoever reaches it reads every payload in clear: it needs a token with scope {@code codec:use}
 * ({@code ApiSecurityConfiguration}; the all-in-one app also answers a browser on its own machine), and
 * {@code signchain.codec.enabled=false} turns it off. Browsers reach it from the origins in
 * {@code signchain.codec.allowed-origins} ({@link CodecCors}).
 */
@Hidden // Temporal's protocol for its Web UI and CLI, not signchain's API
@RestController
@RequestMapping("/codec")
@ConditionalOnProperty(name = "signchain.codec.enabled", havingValue = "true", matchIfMissing = true)
public class CodecController {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final EncryptionCodec codec;

    public CodecController(EncryptionCodec codec) {
        this.codec = codec;
    }

    @PostMapping(
            path = "/decode",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public String decode(@RequestBody String body) {
        return convert(body, codec::decode);
    }

    @PostMapping(
            path = "/encode",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public String encode(@RequestBody String body) {
        return convert(body, codec::encode);
    }

    private static String convert(String body, UnaryOperator<List<Payload>> operation) {
        Payloads.Builder payloads = Payloads.newBuilder();
        try {
            PARSER.merge(body, payloads);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ApiProblem.invalid("payloads", "must be Temporal payloads in proto3 JSON");
        }
        List<Payload> converted;
        try {
            converted = operation.apply(payloads.getPayloadsList());
        } catch (PayloadCodecException e) {
            // Which key is missing, or that a payload was tampered with; never a payload's content.
            throw ApiProblem.invalid("payloads", e.getMessage());
        }
        try {
            return PRINTER.print(Payloads.newBuilder().addAllPayloads(converted).build());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("payloads could not be written as JSON", e);
        }
    }
}
