package no.signchain.activities.verification;

import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModification;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pdf.ServiceLoaderPdfObjFactory;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import no.signchain.activities.verification.VersionReport.Check;
import no.signchain.activities.verification.VersionReport.Identity;
import no.signchain.activities.verification.VersionReport.Signature;

/**
 * Verifies one signed version of a contract's document against the version before it, with EU DSS (offline: only
 * what the document carries, and the configured trust anchors), by the rules a lawyer relying on the final PDF needs:
 * <ol>
 *   <li>it begins with the exact bytes of the previous version (an incremental update);</li>
 *   <li>it holds exactly one more signature;</li>
 *   <li>every signature is cryptographically intact;</li>
 *   <li>the newest signature covers the whole document (what may follow it is validation data only);</li>
 *   <li>nothing changed after any signature but signature additions and validation data;</li>
 *   <li>the newest signature is the signer's: by the certificate's national identifier, cross-checked with what the
 *       provider says, or by the provider alone where the certificate names no national identity;</li>
 *   <li>its PAdES level is at least the required one;</li>
 *   <li>every signature is TOTAL_PASSED under DSS's default policy (when the policy asks for it).</li>
 * </ol>
 * Every check is made and reported; the first that fails gives the reason the contract ends with.
 */
public final class SignedVersionVerifier {

    private final VerificationPolicy policy;
    private final CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    private final Clock clock;

    /**
     * DSS's default validation policy, loaded once per concurrent verification instead of once per verification (an
     * XML unmarshalling of 8-17 ms, a tenth of a two-signature version's verification). Pooled rather than shared:
     * DSS does not say its policy objects may be read by several threads at once.
     */
    private final Queue<ValidationPolicy> policies = new ConcurrentLinkedQueue<>();

    public SignedVersionVerifier(VerificationPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        policy.trustAnchors().forEach(anchor -> trusted.addCertificate(new CertificateToken(anchor)));
    }

    VersionReport verify(SignedVersion version) {
        String k = Integer.toString(version.version());
        String before = Integer.toString(version.version() - 1);
        String signer = "signer " + version.signerIndex();
        List<Check> checks = new ArrayList<>();
        List<String> failures = new ArrayList<>();

        long previousLength = size(version.previous());
        long length = size(version.current());
        boolean extendsPrevious = startsWith(version.current(), version.previous(), previousLength);
        check(
                checks,
                failures,
                "incremental update",
                extendsPrevious,
                "version " + k + " begins with the " + previousLength + " bytes of version " + before,
                "version " + k + ", from " + signer + "'s session, rewrote bytes of version " + before);

        Reports reports = validate(version.current());
        DiagnosticData diagnostics = reports.getDiagnosticData();
        SimpleReport simple = reports.getSimpleReport();
        List<SignatureWrapper> signatures = new ArrayList<>(diagnostics.getSignatures());
        signatures.sort(Comparator.comparingLong(SignedVersionVerifier::signedBytes));
        long inPrevious = signatures.stream()
                .filter(s -> signedBytes(s) <= previousLength)
                .count();
        SignatureWrapper newest = signatures.isEmpty() ? null : signatures.getLast();
        boolean oneMore = signatures.size() == inPrevious + 1 && signedBytes(newest) > previousLength;
        check(
                checks,
                failures,
                "one more signature",
                oneMore,
                "version " + k + " holds " + signatures.size() + " signature(s), one more than version " + before,
                signatures.size() == inPrevious
                        ? signer + "'s session added no signature to version " + before
                        : "version " + k + " holds " + signatures.size() + " signatures where " + (inPrevious + 1)
                                + " were expected after " + signer);
        if (newest == null) {
            return report(version, checks, failures, null, null, List.of(), simple);
        }
        int newestPosition = signatures.size();

        List<String> broken = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            if (!intact(signatures.get(i))) {
                broken.add(Integer.toString(i + 1));
            }
        }
        check(
                checks,
                failures,
                "signatures intact",
                broken.isEmpty(),
                "all " + signatures.size() + " signature(s) are intact",
                "signature " + String.join(", ", broken) + " of version " + k + " no longer matches what was signed ("
                        + signer + "'s version)");

        boolean covers = signedBytes(newest) == length || onlyValidationDataAfter(newest);
        check(
                checks,
                failures,
                "newest signature covers the document",
                covers,
                signedBytes(newest) == length
                        ? "signature " + newestPosition + " covers all " + length + " bytes"
                        : "signature " + newestPosition + " covers the document; what follows it is validation data",
                "signature " + newestPosition + " (" + signer + "'s) does not cover the whole of version " + k);

        List<String> changes = changesAfterSignatures(signatures, diagnostics);
        check(
                checks,
                failures,
                "no changes after signatures",
                changes.isEmpty(),
                "nothing changed after any signature but signature additions and validation data",
                "version " + k + " changed the document after " + String.join("; ", changes) + " (" + signer
                        + "'s version)");

        Identity identity = identity(version, newest, newestPosition, checks, failures);

        PadesLevel level = PadesLevel.of(simple.getSignatureFormat(newest.getId()));
        String levelFound = level != null ? level.label() : String.valueOf(simple.getSignatureFormat(newest.getId()));
        check(
                checks,
                failures,
                "signature level",
                level != null && level.compareTo(policy.minimumLevel()) >= 0,
                "signature " + newestPosition + " is " + levelFound + " (at least "
                        + policy.minimumLevel().label() + " required)",
                "signature " + newestPosition + " (" + signer + "'s) is " + levelFound + ", below the required "
                        + policy.minimumLevel().label());

        List<String> notPassed = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            Indication indication = simple.getIndication(signatures.get(i).getId());
            if (indication != Indication.TOTAL_PASSED) {
                SubIndication sub = simple.getSubIndication(signatures.get(i).getId());
                notPassed.add("signature " + (i + 1) + " is " + indication + (sub == null ? "" : " (" + sub + ")"));
            }
        }
        if (policy.requireTotalPassed()) {
            check(
                    checks,
                    failures,
                    "DSS default policy",
                    notPassed.isEmpty(),
                    "every signature is TOTAL_PASSED under DSS's default policy",
                    String.join("; ", notPassed) + " under DSS's default policy (" + signer + "'s version)");
        } else {
            checks.add(new Check(
                    "DSS default policy",
                    true,
                    notPassed.isEmpty()
                            ? "every signature is TOTAL_PASSED under DSS's default policy"
                            : String.join("; ", notPassed) + " (recorded; not required by the configured policy)"));
        }

        return report(version, checks, failures, levelFound, identity, signatures, simple);
    }

    private Identity identity(
            SignedVersion version, SignatureWrapper newest, int position, List<Check> checks, List<String> failures) {
        String signer = "signer " + version.signerIndex();
        CertificateWrapper certificate = newest.getSigningCertificate();
        SignatureIdentity found =
                SignatureIdentity.of(certificate == null ? null : certificate.getSubjectSerialNumber());
        IdentityRule.Outcome outcome = IdentityRule.decide(
                found, version.signer(), version.providerSays(), policy.requireCertificateIdentity());
        Boolean providerAgrees =
                version.providerSays() == null ? null : version.providerSays().equals(version.signer());
        String signature = "signature " + position;
        boolean matched = outcome == IdentityRule.Outcome.MATCHED_BY_CERTIFICATE
                || outcome == IdentityRule.Outcome.MATCHED_BY_PROVIDER;
        String detail = switch (outcome) {
            case MATCHED_BY_CERTIFICATE ->
                signature + " is " + signer + "'s, by the certificate"
                        + (Boolean.TRUE.equals(providerAgrees) ? ", and the provider agrees" : "");
            case MATCHED_BY_PROVIDER ->
                signature + " is " + signer + "'s by the provider's account (the certificate"
                        + " names no national identity)";
            case SOMEONE_ELSE_BY_CERTIFICATE -> signature + " belongs to someone other than " + signer;
            case SOMEONE_ELSE_BY_PROVIDER ->
                "the provider reports that someone other than " + signer + " signed" + " version " + version.version();
            case CERTIFICATE_NAMES_NO_ONE ->
                signature + "'s certificate names no national identity, and the" + " verification policy requires one ("
                        + signer + ")";
            case NO_ONE_CONFIRMS ->
                signature + "'s certificate names no national identity and the provider does" + " not say who signed: "
                        + signer + " cannot be confirmed";
        };
        check(checks, failures, "signer identity", matched, detail, detail);
        String source = found.namesAPerson() ? "certificate" : "provider";
        return new Identity(version.signerIndex(), matched, source, found.kind().name(), providerAgrees);
    }

    /**
     * What changed after each signature other than signatures added later and validation data (DSS dictionary,
     * document timestamps): page content, annotations, form fields, or changes DSS cannot classify.
     */
    private static List<String> changesAfterSignatures(List<SignatureWrapper> signatures, DiagnosticData diagnostics) {
        Set<String> signatureFields = new HashSet<>();
        for (SignatureWrapper signature : signatures) {
            signatureFields.addAll(signatureFieldNames(signature.getPDFRevision()));
        }
        for (TimestampWrapper timestamp : diagnostics.getTimestampList()) {
            signatureFields.addAll(signatureFieldNames(timestamp.getPDFRevision()));
        }
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            PDFRevisionWrapper revision = signatures.get(i).getPDFRevision();
            if (revision == null) {
                continue;
            }
            List<String> what = new ArrayList<>();
            if (!revision.getPdfPageDifferenceConcernedPages().isEmpty()) {
                what.add("pages added or removed");
            }
            if (!revision.getPdfVisualDifferenceConcernedPages().isEmpty()) {
                what.add("visible content of page(s) " + revision.getPdfVisualDifferenceConcernedPages());
            }
            if (!revision.getPdfAnnotationsOverlapConcernedPages().isEmpty()) {
                what.add("annotations overlapping on page(s) " + revision.getPdfAnnotationsOverlapConcernedPages());
            }
            if (!revision.getPdfUndefinedChanges().isEmpty()) {
                what.add(revision.getPdfUndefinedChanges().size() + " change(s) DSS cannot classify");
            }
            if (notSignatures(revision.getPdfAnnotationChanges(), signatureFields)) {
                what.add("annotations");
            }
            if (notSignatures(revision.getPdfSignatureOrFormFillChanges(), signatureFields)) {
                what.add("form fields");
            }
            if (!what.isEmpty()) {
                changes.add("signature " + (i + 1) + ": " + String.join(", ", what));
            }
        }
        return changes;
    }

    private static boolean notSignatures(List<XmlObjectModification> modifications, Set<String> signatureFields) {
        return modifications.stream()
                .anyMatch(m -> m.getFieldName() == null || !signatureFields.contains(m.getFieldName()));
    }

    private static List<String> signatureFieldNames(PDFRevisionWrapper revision) {
        return revision == null || revision.getSignatureFieldNames() == null
                ? List.of()
                : revision.getSignatureFieldNames();
    }

    /** After the newest signature only validation data may follow: the DSS dictionary, a document timestamp. */
    private static boolean onlyValidationDataAfter(SignatureWrapper newest) {
        PDFRevisionWrapper revision = newest.getPDFRevision();
        return revision != null
                && !revision.arePdfModificationsDetected()
                && revision.getPdfUndefinedChanges().isEmpty()
                && revision.getPdfAnnotationChanges().isEmpty()
                && revision.getPdfSignatureOrFormFillChanges().isEmpty();
    }

    private static boolean intact(SignatureWrapper signature) {
        PDFRevisionWrapper revision = signature.getPDFRevision();
        return signature.isSignatureIntact()
                && signature.isSignatureValid()
                && (revision == null || revision.isSignatureByteRangeValid());
    }

    /** Where the signature's byte range ends: the length of the revision it signed. */
    private static long signedBytes(SignatureWrapper signature) {
        if (signature == null || signature.getPDFRevision() == null) {
            return -1;
        }
        List<BigInteger> range = signature.getPDFRevision().getSignatureByteRange();
        return range == null || range.size() != 4
                ? -1
                : range.get(2).add(range.get(3)).longValueExact();
    }

    private Reports validate(Path file) {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        // Offline: only the certificates and revocation data the document carries, and the configured anchors.
        verifier.setAIASource(null);
        verifier.setCrlSource(null);
        verifier.setOcspSource(null);
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new FileDocument(file.toFile()));
        if (validator instanceof PDFDocumentValidator pdf) {
            ServiceLoaderPdfObjFactory pdfObjects = new ServiceLoaderPdfObjFactory();
            pdfObjects.setPdfDifferencesFinder(new PixelExactDifferencesFinder());
            pdf.setPdfObjFactory(pdfObjects);
        }
        validator.setCertificateVerifier(verifier);
        ValidationPolicy dssPolicy = policies.poll();
        if (dssPolicy == null) {
            dssPolicy = ValidationPolicyLoader.fromDefaultValidationPolicy().create();
        }
        try {
            return validator.validateDocument(dssPolicy);
        } finally {
            policies.offer(dssPolicy);
        }
    }

    private VersionReport report(
            SignedVersion version,
            List<Check> checks,
            List<String> failures,
            String level,
            Identity identity,
            List<SignatureWrapper> signatures,
            SimpleReport simple) {
        List<Signature> found = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            SignatureWrapper signature = signatures.get(i);
            String id = signature.getId();
            Indication indication = simple.getIndication(id);
            SubIndication sub = simple.getSubIndication(id);
            PadesLevel signatureLevel = PadesLevel.of(simple.getSignatureFormat(id));
            found.add(new Signature(
                    i + 1,
                    simple.getSignedBy(id),
                    signature.getClaimedSigningTime() == null
                            ? null
                            : signature.getClaimedSigningTime().toInstant(),
                    signatureLevel != null ? signatureLevel.label() : String.valueOf(simple.getSignatureFormat(id)),
                    indication == null ? null : indication.name(),
                    sub == null ? null : sub.name(),
                    intact(signature),
                    signedBytes(signature)));
        }
        return new VersionReport(
                version.contractId(),
                version.version(),
                version.signerIndex(),
                clock.instant(),
                failures.isEmpty(),
                failures.isEmpty() ? null : failures.getFirst(),
                level,
                policy.minimumLevel().label(),
                identity,
                checks,
                found);
    }

    private static void check(
            List<Check> checks, List<String> failures, String name, boolean passed, String ok, String failure) {
        checks.add(new Check(name, passed, passed ? ok : failure));
        if (!passed) {
            failures.add(failure);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code file} begins with all of {@code prefix}'s bytes, compared as streams. */
    private static boolean startsWith(Path file, Path prefix, long prefixLength) {
        if (size(file) < prefixLength) {
            return false;
        }
        try (InputStream a = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream b = new BufferedInputStream(Files.newInputStream(prefix), 1 << 16)) {
            byte[] bufA = new byte[1 << 16];
            byte[] bufB = new byte[1 << 16];
            long left = prefixLength;
            while (left > 0) {
                int n = (int) Math.min(bufA.length, left);
                if (a.readNBytes(bufA, 0, n) != n || b.readNBytes(bufB, 0, n) != n) {
                    return false;
                }
                if (!java.util.Arrays.equals(bufA, 0, n, bufB, 0, n)) {
                    return false;
                }
                left -= n;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
