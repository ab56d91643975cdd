package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import no.signchain.store.contract.NationalId;

/**
 * One element of the JSON array posted to {@code POST /signing-sessions}. {@code null} fields are left out of the
 * request. Start from {@link #norwegianBankIdPki} and adjust with the withers.
 *
 * <p>The compact constructor checks Signicat's documented limits, so a malformed request fails before any call
 * (as a non-retryable {@link IllegalArgumentException}) rather than as a 400 that Temporal might retry.
 *
 * @param signatureUrlTimeToLive ISO-8601 duration, at most 45 days (replaces the deprecated minutes field
 *                               {@code signatureUrlTTL}, which is deliberately not modelled)
 * @param dueDate                at most 45 days ahead; documents live until then plus 7 days
 * @param externalReference      our id for the step, passed back in redirect URLs (≤ 1024 characters)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignicatSessionRequest(
        String title,
        String signText,
        Instant dueDate,
        List<SessionDocument> documents,
        String externalReference,
        List<SigningSetup> signingSetup,
        SignicatSigner signer,
        Ui ui,
        String signatureUrlTimeToLive,
        RedirectSettings redirectSettings,
        List<String> subsequentTo,
        List<String> packageTo,
        List<String> usageTags) {

    /** The only UI language Norwegian BankID supports; Signicat does not check it, so we must send it. */
    public static final String LANGUAGE_NORWEGIAN_BOKMAL = "nb";

    public SignicatSessionRequest {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title is required");
        }
        maxLength(title, 255, "title");
        maxLength(signText, 2048, "signText");
        maxLength(externalReference, 1024, "externalReference");
        if (documents == null || documents.isEmpty() || documents.size() > 100) {
            throw new IllegalArgumentException("documents must hold 1 to 100 entries");
        }
        if (signingSetup == null || signingSetup.size() != 1) {
            throw new IllegalArgumentException("signingSetup must hold exactly one entry");
        }
        if (usageTags != null) {
            if (usageTags.size() > 25) {
                throw new IllegalArgumentException("at most 25 usageTags");
            }
            usageTags.forEach(tag -> maxLength(tag, 50, "usage tag"));
        }
        if (signatureUrlTimeToLive != null) {
            Duration.parse(signatureUrlTimeToLive); // fails early on a malformed ISO-8601 duration
        }
        documents = List.copyOf(documents);
        signingSetup = List.copyOf(signingSetup);
        subsequentTo = subsequentTo == null ? null : List.copyOf(subsequentTo);
        packageTo = packageTo == null ? null : List.copyOf(packageTo);
        usageTags = usageTags == null ? null : List.copyOf(usageTags);
    }

    /**
     * A Norwegian BankID PKI session: {@code signingSetup: [{signingFlow: PKISIGNING, vendor: NBID}]},
     * {@code ui.language: nb}, and a signer BankID verifies by national identity number.
     *
     * @param documents                    usually one {@link SessionDocument#sign} entry
     * @param nationalId                   never printed by {@code toString()}
     */
    public static SignicatSessionRequest norwegianBankIdPki(
            String title, List<SessionDocument> documents, NationalId nationalId, Instant dueDate) {
        return new SignicatSessionRequest(
                title,
                null,
                Objects.requireNonNull(dueDate, "dueDate"),
                documents,
                null,
                List.of(SigningSetup.norwegianBankIdPki()),
                SignicatSigner.verifiedByNationalIdentityNumber(nationalId),
                new Ui(LANGUAGE_NORWEGIAN_BOKMAL, null, null),
                null,
                null,
                null,
                null,
                null);
    }

    public SignicatSessionRequest withSignText(String signText) {
        return new SignicatSessionRequest(
                title,
                signText,
                dueDate,
                documents,
                externalReference,
                signingSetup,
                signer,
                ui,
                signatureUrlTimeToLive,
                redirectSettings,
                subsequentTo,
                packageTo,
                usageTags);
    }

    public SignicatSessionRequest withExternalReference(String externalReference) {
        return new SignicatSessionRequest(
                title,
                signText,
                dueDate,
                documents,
                externalReference,
                signingSetup,
                signer,
                ui,
                signatureUrlTimeToLive,
                redirectSettings,
                subsequentTo,
                packageTo,
                usageTags);
    }

    /** Sent as an ISO-8601 duration string such as {@code PT72H}. */
    public SignicatSessionRequest withSignatureUrlTimeToLive(Duration timeToLive) {
        return new SignicatSessionRequest(
                title,
                signText,
                dueDate,
                documents,
                externalReference,
                signingSetup,
                signer,
                ui,
                timeToLive == null ? null : timeToLive.toString(),
                redirectSettings,
                subsequentTo,
                packageTo,
                usageTags);
    }

    public SignicatSessionRequest withRedirectSettings(RedirectSettings redirectSettings) {
        return new SignicatSessionRequest(
                title,
                signText,
                dueDate,
                documents,
                externalReference,
                signingSetup,
                signer,
                ui,
                signatureUrlTimeToLive,
                redirectSettings,
                subsequentTo,
                packageTo,
                usageTags);
    }

    public SignicatSessionRequest withUsageTags(List<String> usageTags) {
        return new SignicatSessionRequest(
                title,
                signText,
                dueDate,
                documents,
                externalReference,
                signingSetup,
                signer,
                ui,
                signatureUrlTimeToLive,
                redirectSettings,
                subsequentTo,
                packageTo,
                usageTags);
    }

    public SignicatSessionRequest withSigner(SignicatSigner signer) {
        return new SignicatSessionRequest(
                title,
                signText,
                dueDate,
                documents,
                externalReference,
                signingSetup,
                signer,
                ui,
                signatureUrlTimeToLive,
                redirectSettings,
                subsequentTo,
                packageTo,
                usageTags);
    }

    private static void maxLength(String value, int max, String name) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(name + " is longer than " + max + " characters");
        }
    }

    /** Signing interface settings; {@code language} is an ISO 639-1 code. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ui(String language, Boolean hideWelcomeScreen, Boolean minimalTextMode) {}

    /** Where the signer's browser goes after signing, cancelling or an error. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RedirectSettings(URI success, URI cancel, URI error) {}
}
