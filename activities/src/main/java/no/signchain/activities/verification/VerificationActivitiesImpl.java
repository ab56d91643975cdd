package no.signchain.activities.verification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import no.signchain.activities.posten.PostenJobActivities;
import no.signchain.activities.provider.ProviderFailures;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.provider.SigningProviders;
import no.signchain.activities.signing.LivenessHeartbeat;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NationalId;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.document.VersionVerifications;
import no.signchain.workflows.contract.DocumentVersionRef;
import no.signchain.workflows.signing.SignerStep;
import no.signchain.workflows.verification.VerificationActivities;
import no.signchain.workflows.verification.VersionVerification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a signed version with {@link SignedVersionVerifier}, keeps the report with the version, and hands the
 * workflow the verdict. The report names no identity number; neither does the verdict.
 */
public class VerificationActivitiesImpl implements VerificationActivities {

    private static final Logger log = LoggerFactory.getLogger(VerificationActivitiesImpl.class);

    private final SignedVersionVerifier verifier;
    /** The provider of a contract, by its id. */
    private final Function<String, SigningProvider> providers;

    private final ContractRepository contracts;
    private final DocumentVersions documents;
    private final VersionVerifications verifications;
    private final JsonMapper json;

    /** Each contract's provider asked, the one stored with it. */
    public VerificationActivitiesImpl(
            SignedVersionVerifier verifier,
            SigningProviders providers,
            ContractRepository contracts,
            DocumentVersions documents,
            VersionVerifications verifications,
            JsonMapper json) {
        this(
                verifier,
                id -> sessionProviderOf(providers, contracts.provider(id)),
                contracts,
                documents,
                verifications,
                json);
    }

    /**
     * The contract's provider, when it runs a session per signer; null for one that runs a single job for every
     * signer (Posten): the job's status changes name its signers only by the numbers signchain sent, so they add
     * nothing to the check, and the signature's certificate decides alone.
     */
    private static SigningProvider sessionProviderOf(SigningProviders providers, String name) {
        return PostenJobActivities.PROVIDER.equals(name) ? null : providers.named(name);
    }

    /** Every contract's provider is this one: for tests of the verification itself. */
    public VerificationActivitiesImpl(
            SignedVersionVerifier verifier,
            SigningProvider provider,
            ContractRepository contracts,
            DocumentVersions documents,
            VersionVerifications verifications,
            JsonMapper json) {
        this(verifier, id -> provider, contracts, documents, verifications, json);
    }

    private VerificationActivitiesImpl(
            SignedVersionVerifier verifier,
            Function<String, SigningProvider> providers,
            ContractRepository contracts,
            DocumentVersions documents,
            VersionVerifications verifications,
            JsonMapper json) {
        this.verifier = verifier;
        this.providers = providers;
        this.contracts = contracts;
        this.documents = documents;
        this.verifications = verifications;
        this.json = json;
    }

    @Override
    public VersionVerification verifySignedVersion(SignerStep step, String sessionRef, DocumentVersionRef version) {
        try (LivenessHeartbeat alive = LivenessHeartbeat.start()) {
            VersionReport report = verify(step, sessionRef, version);
            verifications.record(
                    version,
                    report.passed(),
                    report.failure(),
                    report.signatureLevel(),
                    json.writeValueAsString(report));
            log.info(
                    "Version {} of contract {} {}",
                    version.version(),
                    version.contractId(),
                    report.passed() ? "verified (" + report.signatureLevel() + ")" : "failed: " + report.failure());
            return new VersionVerification(
                    report.passed(),
                    report.failure(),
                    report.signatureLevel(),
                    report.checks().stream()
                            .map(c -> (c.passed() ? "passed " : "FAILED ") + c.name() + ": " + c.detail())
                            .toList());
        }
    }

    private VersionReport verify(SignerStep step, String sessionRef, DocumentVersionRef version) {
        DocumentVersionRef previous = new DocumentVersionRef(version.contractId(), version.version() - 1);
        Path previousFile = documents.exportToTempFile(previous);
        try {
            Path currentFile = documents.exportToTempFile(version);
            try {
                return verifier.verify(new SignedVersion(
                        version.contractId(),
                        version.version(),
                        step.signerIndex(),
                        previousFile,
                        currentFile,
                        contracts.signer(step.contractId(), step.signerIndex()).nationalId(),
                        whomTheProviderNames(step, sessionRef)));
            } finally {
                deleteQuietly(currentFile);
            }
        } finally {
            deleteQuietly(previousFile);
        }
    }

    /**
     * The provider's account of who signed, when it gives one. A provider that cannot be read right now makes the
     * activity retry, as any provider call does: the check must not be decided on a passing outage.
     */
    private NationalId whomTheProviderNames(SignerStep step, String sessionRef) {
        SigningProvider provider = providers.apply(step.contractId());
        if (provider == null) {
            return null;
        }
        ProviderSessionState state = ProviderFailures.translated(() -> provider.readSession(sessionRef));
        return state.signedBy();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete temporary file {}", file, e);
        }
    }
}
