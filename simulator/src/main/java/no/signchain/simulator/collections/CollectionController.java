package no.signchain.simulator.collections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.documents.DocumentStore;
import no.signchain.simulator.documents.DocumentUseCheck;
import no.signchain.simulator.problem.InvalidParam;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /sign/document-collections}: create {@code {documents:[{documentId}] (1..100), packageTo?}}, get, delete. */
@RestController
@InSimulatorContext
public class CollectionController {

    private static final String PADES_CONTAINER = "PADES_CONTAINER";

    private final CollectionStore collections;
    private final DocumentStore documents;
    private final DocumentUseCheck useCheck;

    public CollectionController(CollectionStore collections, DocumentStore documents, DocumentUseCheck useCheck) {
        this.collections = collections;
        this.documents = documents;
        this.useCheck = useCheck;
    }

    @PostMapping(path = "/sign/document-collections")
    public ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object.", null);
        }
        List<InvalidParam> invalid = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        JsonNode docs = body.get("documents");
        if (docs == null || docs.isNull() || !docs.isArray()) {
            invalid.add(new InvalidParam("documents", "is required and must be an array"));
        } else if (docs.size() < 1 || docs.size() > 100) {
            invalid.add(new InvalidParam("documents", "must contain between 1 and 100 items"));
        } else {
            for (int i = 0; i < docs.size(); i++) {
                JsonNode id = docs.get(i).get("documentId");
                if (id == null || !id.isString() || id.stringValue().isBlank()) {
                    invalid.add(new InvalidParam("documents[" + i + "].documentId", "is required"));
                } else if (ids.contains(id.stringValue())) {
                    invalid.add(new InvalidParam("documents[" + i + "].documentId", "is listed twice"));
                } else {
                    ids.add(id.stringValue());
                }
            }
        }
        List<String> packageTo = null;
        JsonNode pkg = body.get("packageTo");
        if (pkg != null && !pkg.isNull()) {
            if (!pkg.isArray() || pkg.size() > 5) {
                invalid.add(new InvalidParam("packageTo", "must be an array of at most 5 items"));
            } else {
                LinkedHashSet<String> set = new LinkedHashSet<>();
                for (int i = 0; i < pkg.size(); i++) {
                    if (!pkg.get(i).isString()
                            || !PADES_CONTAINER.equals(pkg.get(i).stringValue())) {
                        invalid.add(new InvalidParam("packageTo[" + i + "]", "must be PADES_CONTAINER"));
                    } else {
                        set.add(pkg.get(i).stringValue());
                    }
                }
                packageTo = List.copyOf(set);
            }
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.badRequest("The document collection is invalid.", invalid);
        }
        for (String id : ids) {
            documents.get(id); // 404 for an unknown, deleted or expired document
        }
        DocumentCollection c = collections.create(ids, packageTo);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(c));
    }

    @GetMapping(path = "/sign/document-collections/{collectionId}")
    public Map<String, Object> get(@PathVariable String collectionId) {
        return view(collections.get(collectionId));
    }

    @DeleteMapping(path = "/sign/document-collections/{collectionId}")
    public ResponseEntity<Void> delete(@PathVariable String collectionId) {
        collections.get(collectionId);
        if (useCheck.collectionInOpenSession(collectionId)) {
            throw ProblemException.conflict("The document collection is used by a signing session that is still open.");
        }
        collections.delete(collectionId);
        return ResponseEntity.noContent().build();
    }

    static Map<String, Object> view(DocumentCollection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put(
                "documents",
                c.documentIds().stream().map(id -> Map.of("documentId", id)).toList());
        m.put("packageTo", c.packageTo() == null ? List.of() : c.packageTo());
        // Packaging (PADES_CONTAINER) is not simulated: output.packages stays empty.
        m.put("output", Map.of("packages", List.of()));
        return m;
    }
}
