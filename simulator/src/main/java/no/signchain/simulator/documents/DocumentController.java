package no.signchain.simulator.documents;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.Times;
import no.signchain.simulator.problem.InvalidParam;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /sign/documents}: upload (raw bytes, {@code Content-Type: application/pdf}), download, metadata, delete.
 * {@code documentHash.hash} is the SHA-256 of the bytes as lowercase hex.
 */
@RestController
@InSimulatorContext
public class DocumentController {

    private final DocumentStore store;
    private final DocumentUseCheck useCheck;
    private final SimulatorProperties props;

    public DocumentController(DocumentStore store, DocumentUseCheck useCheck, SimulatorProperties props) {
        this.store = store;
        this.useCheck = useCheck;
        this.props = props;
    }

    @PostMapping(path = "/sign/documents")
    public ResponseEntity<Map<String, Object>> upload(HttpServletRequest request) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || contentType.isBlank()) {
            throw ProblemException.badRequest(
                    "The Content-Type header is required.", List.of(new InvalidParam("Content-Type", "is required")));
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw ProblemException.invalidParam("Content-Type", "is not a valid media type");
        }
        if (!MediaType.APPLICATION_PDF.equalsTypeAndSubtype(type)) {
            throw new ProblemException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Only application/pdf documents are supported by the simulator.");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, props.maxDocumentBytes() + 1));
        }
        if (body.length == 0) {
            throw ProblemException.badRequest(
                    "The document is empty.", List.of(new InvalidParam("body", "must not be empty")));
        }
        if (body.length > props.maxDocumentBytes()) {
            throw new ProblemException(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "payload_too_large",
                    "The document is larger than " + props.maxDocumentBytes() + " bytes.");
        }
        if (!startsWithPdfHeader(body)) {
            throw ProblemException.badRequest(
                    "The body is not a PDF document.",
                    List.of(new InvalidParam("body", "must be a PDF document (%PDF- header)")));
        }
        StoredDocument d = store.upload(body, MediaType.APPLICATION_PDF_VALUE);
        return ResponseEntity.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .body(view(d, false));
    }

    @GetMapping(path = "/sign/documents/{documentId}")
    public ResponseEntity<byte[]> download(@PathVariable String documentId) {
        StoredDocument d = store.get(documentId);
        ResponseEntity.BodyBuilder b = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(d.mimeType()))
                .contentLength(d.bytes().length);
        if (d.filename() != null) {
            b.header(
                    HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment()
                            .filename(d.filename())
                            .build()
                            .toString());
        }
        return b.body(d.bytes());
    }

    @GetMapping(path = "/sign/documents/{documentId}/metadata")
    public Map<String, Object> metadata(@PathVariable String documentId) {
        return view(store.get(documentId), true);
    }

    @PatchMapping(path = "/sign/documents/{documentId}/metadata")
    public Map<String, Object> patchMetadata(@PathVariable String documentId, @RequestBody JsonNode body) {
        StoredDocument d = store.get(documentId);
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object.", null);
        }
        List<InvalidParam> invalid = new ArrayList<>();
        String filename = text(body, "filename", 255, invalid, d.filename());
        String title = text(body, "title", 255, invalid, d.title());
        String description = text(body, "description", 1000, invalid, d.description());
        if (!invalid.isEmpty()) {
            throw ProblemException.badRequest("The metadata is invalid.", invalid);
        }
        store.updateMetadata(d, filename, title, description);
        return view(d, true);
    }

    @DeleteMapping(path = "/sign/documents/{documentId}")
    public ResponseEntity<Void> delete(@PathVariable String documentId) {
        store.get(documentId);
        if (useCheck.documentInOpenSession(documentId)) {
            throw ProblemException.conflict("The document is used by a signing session that is still open.");
        }
        store.delete(documentId);
        return ResponseEntity.noContent().build();
    }

    /** A field of a metadata patch: absent keeps the old value, null clears it. */
    private static String text(JsonNode body, String name, int max, List<InvalidParam> invalid, String old) {
        if (!body.has(name)) {
            return old;
        }
        JsonNode v = body.get(name);
        if (v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            invalid.add(new InvalidParam(name, "must be a string"));
            return old;
        }
        String s = v.stringValue();
        if (s.length() > max) {
            invalid.add(new InvalidParam(name, "must be at most " + max + " characters"));
        }
        return s;
    }

    private static boolean startsWithPdfHeader(byte[] b) {
        // Allow leading whitespace/garbage within the first 1024 bytes, as PDF readers do.
        int limit = Math.min(b.length - 5, 1024);
        for (int i = 0; i <= limit; i++) {
            if (b[i] == '%' && b[i + 1] == 'P' && b[i + 2] == 'D' && b[i + 3] == 'F' && b[i + 4] == '-') {
                return true;
            }
        }
        return false;
    }

    static Map<String, Object> view(StoredDocument d, boolean withMetadata) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documentId", d.id());
        m.put("mimeType", d.mimeType());
        m.put("createdAt", Times.iso(d.createdAt()));
        m.put("documentHash", Map.of("hash", d.sha256Hex(), "hashAlgorithm", "SHA256"));
        if (withMetadata) {
            m.put("filename", d.filename());
            m.put("title", d.title());
            m.put("description", d.description());
        }
        return m;
    }
}
