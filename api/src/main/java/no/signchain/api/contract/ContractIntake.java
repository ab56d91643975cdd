package no.signchain.api.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import no.signchain.activities.contract.ContractRecord;
import no.signchain.activities.contract.ContractRepository;
import no.signchain.activities.contract.NewContract;
import no.signchain.activities.document.DocumentVersions;
import no.signchain.workflows.contract.DocumentVersionRef;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Takes a submitted contract in: validates it, stores it with its original document in one transaction, and
 * starts its workflow. A repeated submission (same external reference or idempotency key) gets the first contract.
 */
@Service
public class ContractIntake {

    private final ContractRepository contracts;
    private final DocumentVersions documents;
    private final ContractWorkflowStarter starter;
    private final TransactionTemplate tx;
    private final ContractSubmissionValidator validator;

    public ContractIntake(ContractRepository contracts, DocumentVersions documents, ContractWorkflowStarter starter,
                          PlatformTransactionManager transactions, Clock clock, ContractSettings settings) {
        this.contracts = contracts;
        this.documents = documents;
        this.starter = starter;
        this.tx = new TransactionTemplate(transactions);
        this.validator = new ContractSubmissionValidator(clock, settings.maxSigners());
    }

    /** The contract, and whether this call created it. */
    public record Intake(ContractRecord contract, boolean created) {
    }

    public Intake submit(ContractSubmission submission, MultipartFile document, String idempotencyKey) {
        NewContract contract = validator.check(submission, idempotencyKey);
        validator.checkDocument(document);
        Optional<ContractRecord> earlier = earlierSubmission(contract);
        if (earlier.isPresent()) {
            return new Intake(earlier.get(), false);
        }

        String id = UUID.randomUUID().toString();
        Path original = spool(document);
        try {
            tx.executeWithoutResult(status -> {
                contracts.insert(id, contract);
                documents.store(DocumentVersionRef.original(id), null, "application/pdf", original);
            });
        } catch (DuplicateKeyException raced) {
            // The same reference was submitted twice at once; the other request stored it first.
            return new Intake(earlierSubmission(contract).orElseThrow(() -> raced), false);
        } finally {
            deleteQuietly(original);
        }
        ContractRecord stored = contracts.find(id).orElseThrow();
        starter.tryStart(stored);
        return new Intake(stored, true);
    }

    private Optional<ContractRecord> earlierSubmission(NewContract contract) {
        if (contract.externalRef() != null) {
            Optional<ContractRecord> byRef = contracts.findByExternalRef(contract.externalRef());
            if (byRef.isPresent()) {
                return byRef;
            }
        }
        return contract.idempotencyKey() == null ? Optional.empty()
                : contracts.findByIdempotencyKey(contract.idempotencyKey());
    }

    private static Path spool(MultipartFile document) {
        try {
            Path file = Files.createTempFile("signchain-upload-", ".pdf");
            document.transferTo(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
