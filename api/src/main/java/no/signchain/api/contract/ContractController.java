package no.signchain.api.contract;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.security.ApiClients;
import no.signchain.store.contract.ContractPage;
import no.signchain.store.contract.ContractRecord;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.document.DocumentVersionInfo;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.document.VersionVerifications;
import no.signchain.store.erasure.ContractErasure;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.DocumentVersionRef;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The contract API business systems use: submit a contract, follow it, fetch the signed document. */
@RestController
@RequestMapping("/api/v1/contracts")
public class ContractController {

    private final ContractIntake intake;
    private final ContractRepository contracts;
    private final ContractLookup lookup;
    private final DocumentVersions documents;
    private final VersionVerifications verifications;
    private final StrictJson json;
    private final ApiClients clients;
    private final ContractErasure erasure;

    public ContractController(
            ContractIntake intake,
            ContractRepository contracts,
            ContractLookup lookup,
            DocumentVersions documents,
            VersionVerifications verifications,
            StrictJson json,
            ApiClients clients,
            ContractErasure erasure) {
        this.erasure = erasure;
        this.intake = intake;
        this.contracts = contracts;
        this.lookup = lookup;
        this.documents = documents;
        this.verifications = verifications;
        this.json = json;
        this.clients = clients;
    }

    /**
     * Submit a contract: multipart with a {@code document} part (the PDF) and a {@code contract} part (JSON). Answers
     * 201 with the new contract, or 200 with the earlier one when the same request (same document, title and
     * signers) came before under the same external reference or idempotency key; 409 when that reference names a
     * contract submitted with different content.
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<ContractView> submit(
            @RequestPart(name = "document", required = false) MultipartFile document,
            @RequestPart(name = "contract", required = false) byte[] contract,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        ContractIntake.Intake result = intake.submit(
                json.read(contract, ContractSubmission.class, "contract", "the part is missing"),
                document,
                idempotencyKey,
                clients.current());
        ContractView view = ContractView.of(result.contract());
        if (!result.created()) {
            return ResponseEntity.ok(view);
        }
        return ResponseEntity.created(URI.create("/api/v1/contracts/" + view.id()))
                .body(view);
    }

    @GetMapping("/{id}")
    public ContractView get(@PathVariable String id) {
        return ContractView.of(lookup.find(id));
    }

    /** Contracts newest first, optionally with one status. Served from signchain's database. */
    @GetMapping
    public ContractPageView list(
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            throw ApiProblem.invalid("page", "must be 0 or more");
        }
        if (size < 1 || size > 100) {
            throw ApiProblem.invalid("size", "must be between 1 and 100");
        }
        ContractPage found = contracts.list(clients.current(), parseStatus(status), page, size);
        return new ContractPageView(
                found.contracts().stream().map(ContractView::of).toList(), found.page(), found.size(), found.total());
    }

    /** The newest signed version (the final one once completed), or the given version, as a PDF. */
    @ApiResponse(responseCode = "200", description = "The version's bytes; ETag is its SHA-256")
    @GetMapping(
            value = "/{id}/document",
            produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<StreamingResponseBody> document(
            @PathVariable String id, @RequestParam(required = false) Integer version) {
        ContractRecord contract = lookup.find(id);
        if (contract.erasedAt() != null) {
            throw ApiProblem.gone("the contract's documents were erased at " + contract.erasedAt()
                    + "; their SHA-256 hashes are at /api/v1/contracts/" + contract.id() + "/versions");
        }
        if (version != null && version < 0) {
            throw ApiProblem.invalid("version", "must be 0 (the original) or more");
        }
        Optional<DocumentVersionInfo> info = version == null
                ? documents.latest(contract.id())
                : documents.find(new DocumentVersionRef(contract.id(), version));
        DocumentVersionInfo found =
                info.orElseThrow(() -> ApiProblem.notFound("the contract has no document version " + version));
        DocumentVersionRef ref = new DocumentVersionRef(found.contractId(), found.version());
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .contentLength(found.sizeBytes())
                .eTag("\"" + found.sha256() + "\"")
                .header("X-Document-Version", Integer.toString(found.version()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"contract-" + found.contractId() + "-v" + found.version() + ".pdf\"")
                .body(out -> documents.copyTo(ref, out));
    }

    /**
     * Erase an ended contract's documents and personal data now. Kept: its status, reason and times, each document
     * version's size and SHA-256, the verification verdicts and the audit trail, with signers named by position
     * ("signer 2"). Gone: the document bytes (downloads answer 410), the signers' names, identity numbers, e-mail
     * addresses, phone numbers and signing links, wherever signchain kept them. Answers 200 with what remains, so
     * the caller sees exactly what was kept; erasing again changes nothing and answers the same.
     */
    @Operation(
            summary = "Erase an ended contract's documents and personal data",
            description = "The contract stays, with its status, hashes and audit trail (signers named by position); "
                    + "the document bytes and every signer's personal data are erased at once. An audit entry and "
                    + "a contract.erased callback record it. Idempotent.")
    @ApiResponse(responseCode = "200", description = "Erased (now or before): the contract as it remains")
    @DeleteMapping("/{id}")
    public ContractView erase(@PathVariable String id) {
        ContractRecord contract = lookup.find(id);
        switch (erasure.erase(contract.id(), clients.current())) {
            case ACTIVE ->
                throw ApiProblem.conflict("the contract is still active: cancel it first " + "(POST /api/v1/contracts/"
                        + contract.id() + "/cancel), then erase it");
            case UNKNOWN -> throw ApiProblem.notFound("no such contract");
            case ERASED, ALREADY_ERASED -> {}
        }
        return lookup.view(contract.id());
    }

    /** Every stored version of the contract's document, with its size and SHA-256. */
    @GetMapping("/{id}/versions")
    public List<DocumentVersionView> versions(@PathVariable String id) {
        return documents.all(lookup.find(id).id()).stream()
                .map(DocumentVersionView::of)
                .toList();
    }

    /**
     * How version {@code k} was verified before the next signer's turn: the level of its newest signature, DSS's
     * indication for every signature, whose signature the newest one is (by name and source, never by identity
     * number), and each check with its outcome. 404 for the original, and for a version not verified (yet).
     */
    @GetMapping(value = "/{id}/versions/{version}/validation", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> validation(@PathVariable String id, @PathVariable int version) {
        ContractRecord contract = lookup.find(id);
        if (version < 1) {
            throw ApiProblem.invalid("version", "must be 1 or more: signed versions are verified, the original is not");
        }
        String report = verifications
                .report(new DocumentVersionRef(contract.id(), version))
                .orElseThrow(() -> ApiProblem.notFound("version " + version
                        + " of the contract has not been verified (it does not exist, or its verification has not run"
                        + " yet)"));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    private static ContractStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ContractStatus.valueOf(status.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("status", "must be one of " + List.of(ContractStatus.values()));
        }
    }
}
