package no.signchain.simulator.sessions;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.Times;
import no.signchain.simulator.problem.InvalidParam;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code /sign/signing-sessions}: create (JSON arrays in and out), get, list, patch dueDate, delete. */
@RestController
@InSimulatorContext
public class SessionController {

    private static final Set<String> SORT_FIELDS = Set.of("createdAt", "dueDate", "title");

    private final SessionService sessions;
    private final SimulatorProperties props;

    public SessionController(SessionService sessions, SimulatorProperties props) {
        this.sessions = sessions;
        this.props = props;
    }

    @PostMapping(path = "/sign/signing-sessions")
    public ResponseEntity<ArrayNode> create(@RequestBody JsonNode body, HttpServletRequest request) {
        String base = props.publicBaseUrl() != null && !props.publicBaseUrl().isBlank()
                ? stripSlash(props.publicBaseUrl())
                : stripSlash(ServletUriComponentsBuilder.fromContextPath(request)
                        .build()
                        .toUriString());
        List<SigningSession> created = sessions.create(body, base);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        created.forEach(s -> out.add(SessionViews.view(s)));
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @GetMapping(path = "/sign/signing-sessions/{sessionId}")
    public ObjectNode get(@PathVariable String sessionId) {
        return SessionViews.view(sessions.get(sessionId));
    }

    @DeleteMapping(path = "/sign/signing-sessions/{sessionId}")
    public ResponseEntity<Void> delete(@PathVariable String sessionId) {
        sessions.delete(sessionId);
        return ResponseEntity.noContent().build();
    }

    @PatchMapping(path = "/sign/signing-sessions/{sessionId}")
    public ObjectNode patch(@PathVariable String sessionId, @RequestBody JsonNode body) {
        sessions.get(sessionId);
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object.", null);
        }
        JsonNode due = body.get("dueDate");
        if (due == null || due.isNull() || !due.isString() || Times.parse(due.stringValue()) == null) {
            throw ProblemException.invalidParam("dueDate", "is required and must be an ISO-8601 date-time with offset");
        }
        return SessionViews.view(sessions.patchDueDate(sessionId, Times.parse(due.stringValue())));
    }

    @GetMapping(path = "/sign/signing-sessions")
    public ObjectNode list(
            @RequestParam(required = false) String offset,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) List<String> sort,
            @RequestParam(required = false) List<String> state,
            @RequestParam(required = false) String createdDateFrom,
            @RequestParam(required = false) String createdDateTo,
            @RequestParam(required = false) String dueDateFrom,
            @RequestParam(required = false) String dueDateTo,
            @RequestParam(required = false) String sessionTitleLike) {
        List<InvalidParam> invalid = new ArrayList<>();
        int off = integer("offset", offset, 0, 0, 100000, invalid);
        int lim = integer("limit", limit, 100, 1, 1000, invalid);
        List<String> sortFields = new ArrayList<>();
        for (String s : sort == null ? List.of("-createdAt") : splitAll(sort)) {
            String name = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
            if (!SORT_FIELDS.contains(name)) {
                invalid.add(new InvalidParam("sort", "unknown sort field '" + name + "'; use one of " + SORT_FIELDS));
            } else {
                sortFields.add(s);
            }
        }
        Set<String> states = new LinkedHashSet<>();
        if (state != null) {
            for (String s : splitAll(state)) {
                states.add(s.toUpperCase(java.util.Locale.ROOT));
            }
        }
        ListQuery q = new ListQuery(
                off,
                lim,
                sortFields,
                states,
                instant("createdDateFrom", createdDateFrom, invalid),
                instant("createdDateTo", createdDateTo, invalid),
                instant("dueDateFrom", dueDateFrom, invalid),
                instant("dueDateTo", dueDateTo, invalid),
                sessionTitleLike == null || sessionTitleLike.isBlank() ? null : sessionTitleLike);
        if (!invalid.isEmpty()) {
            throw ProblemException.badRequest("The query is invalid.", invalid);
        }
        SessionService.Page page = sessions.list(q);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("limit", page.limit());
        o.put("offset", page.offset());
        o.put("count", page.count());
        o.put("total", page.total());
        ArrayNode data = o.putArray("data");
        page.data().forEach(s -> data.add(SessionViews.view(s)));
        return o;
    }

    private static List<String> splitAll(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static int integer(String name, String value, int dflt, int min, int max, List<InvalidParam> invalid) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                invalid.add(new InvalidParam(name, "must be between " + min + " and " + max));
                return dflt;
            }
            return v;
        } catch (NumberFormatException e) {
            invalid.add(new InvalidParam(name, "must be an integer"));
            return dflt;
        }
    }

    private static Instant instant(String name, String value, List<InvalidParam> invalid) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant t = Times.parse(value.trim());
        if (t == null) {
            invalid.add(new InvalidParam(name, "must be an ISO-8601 date-time with offset"));
        }
        return t;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
