package no.signchain.api.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import no.signchain.api.document.DocumentProperties;
import no.signchain.api.document.SignablePdf;
import no.signchain.api.problem.ApiProblem;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.callback.CallbackEventType;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.callback.NewCallbackEvent;
import no.signchain.store.contract.ContractRecord;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NewContract;
import no.signchain.store.document.DocumentVersions;
import no.signchain.workflows.contract.DocumentVersionRef;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Takes a submitted contract in: validates it, stores it with its original document in one transaction, and
 * starts its workflow. A repeated submission (same external reference or idempotency key) gets the first contract;
 * a different request under a used reference is refused with 409.
 */
@Service
public class ContractIntake {

    private final ContractRepository contracts;
    private final DocumentVersions documents;
    private final ContractWorkflowStarter starter;
    private final TransactionTemplate tx;
    private final ContractSubmissionValidator validator;
    private final DocumentProperties documentRules;
    private final CallbackEvents callbackEvents;
    private final ContractEvents audit;
    private final Clock clock;

    public ContractIntake(
            ContractRepository contracts,
            DocumentVersions documents,
            ContractWorkflowStarter starter,
            PlatformTransactionManager transactions,
            Clock clock,
            ContractSubmissionValidator validator,
            DocumentProperties documentRules,
            CallbackEvents callbackEvents,
            ContractEvents audit) {
        this.contracts = contracts;
        this.documents = documents;
        this.starter = starter;
        this.tx = new TransactionTemplate(transactions);
        this.validator = validator;
        this.documentRules = documentRules;
        this.callbackEvents = callbackEvents;
        this.audit = audit;
        this.clock = clock;
    }

    /** The contract, and whether this call created it. */
    public record Intake(ContractRecord contract, boolean created) {}

    /** Stores and starts the contract {@code owner} (the calling API client) submitted, or finds its earlier one. */
    public Intake submit(ContractSubmission submission, MultipartFile document, String idempotencyKey, String owner) {
        NewContract contract = validator.check(owner, submission, idempotencyKey);
        validator.checkDocument(document);
        SpooledDocument original = spool(document);
        try {
            refuseUnsignable(original.file());
            String fingerprint = SubmissionFingerprint.of(contract, original.sha256());
            Optional<ContractRecord> earlier = earlierSubmission(contract, original.sha256());
            if (earlier.isPresent()) {
                return new Intake(earlier.get(), false);
            }
            String id = UUID.randomUUID().toString();
            try {
                tx.executeWithoutResult(status -> {
                    contracts.insert(id, contract, fingerprint);
                    // Started first, so the audit trail reads "started, then its original stored".
                    NewCallbackEvent started =
                            NewCallbackEvent.contract(id, CallbackEventType.CONTRACT_STARTED, clock.instant(), null);
                    callbackEvents.record(started);
                    audit.recordStateChanges(List.of(started));
                    documents.store(DocumentVersionRef.original(id), null, "application/pdf", original.file());
                });
            } catch (DuplicateKeyException raced) {
                // The same reference was submitted twice at once; the other request stored it first.
                return new Intake(earlierSubmission(contract, original.sha256()).orElseThrow(() -> raced), false);
            }
            ContractRecord stored = contracts.find(id).orElseThrow();
            starter.tryStart(stored);
            return new Intake(stored, true);
        } finally {
            deleteQuietly(original.file());
        }
    }

    /** The contract an earlier, identical submission created; a different one under the same reference is a 409. */
    private Optional<ContractRecord> earlierSubmission(NewContract contract, String documentSha256) {
        if (contract.externalRef() != null) {
            Optional<ContractRecord> byRef = contracts.findByExternalRef(contract.owner(), contract.externalRef());
            if (byRef.isPresent()) {
                return Optional.of(sameRequestOrConflict(
                        byRef.get(), contract, documentSha256, "externalRef '" + contract.externalRef() + "'"));
            }
        }
        return contract.idempotencyKey() == null
                ? Optional.empty()
                : contracts
                        .findByIdempotencyKey(contract.owner(), contract.idempotencyKey())
                        .map(found -> sameRequestOrConflict(found, contract, documentSha256, "Idempotency-Key"));
    }

    private ContractRecord sameRequestOrConflict(
            ContractRecord earlier, NewContract contract, String documentSha256, String reference) {
        Optional<String> first = contracts.submissionSha256(earlier.id());
        if (first.isPresent() && !SubmissionFingerprint.matches(first.get(), contract, documentSha256)) {
            throw new ApiProblem(
                    HttpStatus.CONFLICT,
                    "Reference already used",
                    reference + " already names contract " + earlier.id() + ", submitted with a different document,"
                            + " title or signers. Resubmit exactly the first request to get that contract, or use a"
                            + " new reference for a new contract.",
                    List.of());
        }
        return earlier;
    }

    private record SpooledDocument(Path file, String sha256) {}

    /** A document a signer could not sign is refused before anything is stored or started. */
    private void refuseUnsignable(Path file) {
        Optional<String> problem;
        try {
            problem = SignablePdf.problemWith(file, documentRules.allowActiveContent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        problem.ifPresent(reason -> {
            throw ApiProblem.invalid("document", reason);
        });
    }

    /** Copies the upload to a temporary file and hashes it the way stored versions are hashed. */
    private static SpooledDocument spool(MultipartFile document) {
        Path file;
        try {
            file = Files.createTempFile("signchain-upload-", ".pdf");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            document.transferTo(file);
            return new SpooledDocument(file, DocumentVersions.sha256Of(file));
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless; the OS cleans its temp folder
        }
    }
}
