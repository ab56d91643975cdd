package no.signchain.simulator.zignsec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorBaseUrl;
import no.signchain.simulator.identity.Nin;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * ZignSec's signing API v5 below {@code /zignsec}: {@code /zignsec/api/v5/sessions/signing/} (create),
 * {@code .../{id}/files} (upload, multipart {@code file}), {@code .../{id}/sign} (start, {@code redirect_url}),
 * {@code GET .../{id}} (details), and {@code /zignsec/folders/{id}/media/{fileId}} (a file). Every call needs the
 * subscription key in {@code Authorization} or {@code Zs-Product-Key}. The request bodies are the ones signchain's
 * client sends ({@code ZignsecWire}), since ZignSec's are not public.
 */
@RestController
@InSimulatorContext
public class ZignsecApiController {

    private static final String SESSIONS = "/zignsec/api/v5/sessions/signing";

    private final ZignsecSessions sessions;
    private final ZignsecSimulatorProperties settings;
    private final SimulatorBaseUrl baseUrl;

    public ZignsecApiController(
            ZignsecSessions sessions, ZignsecSimulatorProperties settings, SimulatorBaseUrl baseUrl) {
        this.sessions = sessions;
        this.settings = settings;
        this.baseUrl = baseUrl;
    }

    @PostMapping(path = {SESSIONS, SESSIONS + "/"})
    public ResponseEntity<Map<String, Object>> create(
            @RequestHeader HttpHeaders headers, @RequestBody Map<String, Object> body) {
        authenticate(headers);
        String nin = text(body, "personal_number");
        if (nin == null || !Nin.isWellFormed(nin)) {
            throw ProblemException.invalidParam("personal_number", "must be an 11-digit national identity number");
        }
        Instant expiresAt = null;
        String expires = text(body, "expires_at");
        if (expires != null) {
            try {
                expiresAt = Instant.parse(expires);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidParam("expires_at", "must be an ISO-8601 instant");
            }
        }
        ZignsecSession s = sessions.create(
                text(body, "relay_state"),
                nin,
                text(body, "title"),
                text(body, "success_url"),
                text(body, "failure_url"),
                text(body, "webhook"),
                expiresAt);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", s.id);
        answer.put("status", s.status.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @PostMapping(path = SESSIONS + "/{id}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public Map<String, Object> upload(
            @RequestHeader HttpHeaders headers, @PathVariable String id, @RequestPart("file") MultipartFile file)
            throws IOException {
        authenticate(headers);
        ZignsecSession.File stored = sessions.upload(
                id, file.getOriginalFilename() == null ? "document.pdf" : file.getOriginalFilename(), file.getBytes());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("file_id", stored.id());
        return answer;
    }

    @PostMapping(path = SESSIONS + "/{id}/sign")
    public Map<String, Object> start(
            @RequestHeader HttpHeaders headers, @PathVariable String id, @RequestBody Map<String, Object> body) {
        authenticate(headers);
        Object ids = body.get("file_ids");
        if (!(ids instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw ProblemException.invalidParam("file_ids", "must be a list of file ids");
        }
        ZignsecSession s =
                sessions.start(id, list.stream().map(String.class::cast).toList());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", s.id);
        answer.put("redirect_url", baseUrl.get() + "/zignsec/sign/" + s.id);
        return answer;
    }

    @GetMapping(path = SESSIONS + "/{id}")
    public Map<String, Object> details(@RequestHeader HttpHeaders headers, @PathVariable String id) {
        authenticate(headers);
        return ZignsecSessions.view(sessions.find(id), baseUrl.get());
    }

    @GetMapping(path = "/zignsec/folders/{id}/media/{fileId}")
    public ResponseEntity<byte[]> file(
            @RequestHeader HttpHeaders headers, @PathVariable String id, @PathVariable String fileId) {
        authenticate(headers);
        ZignsecSession.File f = sessions.file(id, fileId);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(f.name())
                                .build()
                                .toString())
                .body(f.bytes());
    }

    private void authenticate(HttpHeaders headers) {
        String key = headers.getFirst("Zs-Product-Key");
        if (key == null) {
            key = headers.getFirst(HttpHeaders.AUTHORIZATION);
        }
        byte[] expected = settings.subscriptionKey().getBytes(StandardCharsets.UTF_8);
        if (key == null || !MessageDigest.isEqual(expected, key.strip().getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(
                    HttpStatus.UNAUTHORIZED, "unauthorized", "A valid subscription key is required.");
        }
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw ProblemException.invalidParam(field, "must be a string");
        }
        return s.isBlank() ? null : s;
    }
}
