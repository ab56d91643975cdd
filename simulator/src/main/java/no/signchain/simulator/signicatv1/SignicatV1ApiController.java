package no.signchain.simulator.signicatv1;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorBaseUrl;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signicat's Sign API v1 below {@code /signicat-v1/sign}: {@code POST /documents} (a PDF into session data storage),
 * {@code POST /orders} (a signing order; each task answered with its {@code signingUrl}), {@code GET /orders/{id}},
 * {@code DELETE /orders/{id}}, {@code GET /orders/{id}/tasks/{taskId}/status} and the signed result at a document's
 * {@code resultUri}. Every call needs a bearer token from the simulator's token endpoint, as for v2. Its control is
 * {@link SignicatV1ControlController}.
 */
@RestController
@InSimulatorContext
public class SignicatV1ApiController {

    static final String ROOT = "/signicat-v1/sign";

    private final SignicatV1Orders orders;
    private final SimulatorProperties props;
    private final SimulatorBaseUrl baseUrl;

    public SignicatV1ApiController(SignicatV1Orders orders, SimulatorProperties props, SimulatorBaseUrl baseUrl) {
        this.orders = orders;
        this.props = props;
        this.baseUrl = baseUrl;
    }

    @PostMapping(path = ROOT + "/documents")
    public ResponseEntity<Map<String, Object>> upload(HttpServletRequest request) throws IOException {
        MediaType type;
        try {
            type = MediaType.parseMediaType(String.valueOf(request.getContentType()));
        } catch (InvalidMediaTypeException e) {
            throw ProblemException.invalidParam("Content-Type", "must be application/pdf");
        }
        if (!MediaType.APPLICATION_PDF.equalsTypeAndSubtype(type)) {
            throw new ProblemException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "The simulator takes application/pdf documents only.");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, props.maxDocumentBytes() + 1));
        }
        if (body.length > props.maxDocumentBytes()) {
            throw new ProblemException(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "payload_too_large",
                    "The document is larger than " + props.maxDocumentBytes() + " bytes.");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("documentId", orders.upload(body)));
    }

    @PostMapping(path = ROOT + "/orders")
    public ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(view(orders.create(body)));
    }

    @GetMapping(path = ROOT + "/orders/{orderId}")
    public Map<String, Object> get(@PathVariable String orderId) {
        return view(orders.find(orderId));
    }

    @DeleteMapping(path = ROOT + "/orders/{orderId}")
    public ResponseEntity<Void> delete(@PathVariable String orderId) {
        orders.delete(orderId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = ROOT + "/orders/{orderId}/tasks/{taskId}/status")
    public Map<String, Object> status(@PathVariable String orderId, @PathVariable String taskId) {
        return SignicatV1Orders.statusView(orders.find(orderId), orders.task(orderId, taskId), baseUrl.get());
    }

    @GetMapping(path = ROOT + "/orders/{orderId}/tasks/{taskId}/documents/{documentId}/result")
    public ResponseEntity<byte[]> result(
            @PathVariable String orderId, @PathVariable String taskId, @PathVariable String documentId) {
        SignicatV1Order.Task task = orders.task(orderId, taskId);
        byte[] signed;
        synchronized (task) {
            signed = task.documentId.equals(documentId) ? task.signed : null;
        }
        if (signed == null) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not_found", "No signed result for this document.");
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(signed);
    }

    private Map<String, Object> view(SignicatV1Order order) {
        return SignicatV1Orders.orderView(order, baseUrl.get());
    }
}
