package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A signing session as Signicat returns it. Fields this client does not model are ignored, so Signicat may add
 * fields without breaking us.
 *
 * @param signatureUrl where the signer goes to sign
 * @param output       present once the session is signed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignicatSession(
        String id,
        String title,
        String signText,
        URI signatureUrl,
        Instant signatureUrlExpiresAt,
        String signatureUrlTimeToLive,
        Instant dueDate,
        List<SessionDocument> documents,
        String externalReference,
        Lifecycle lifecycle,
        Output output,
        SignicatSigner signer,
        List<SigningSetup> signingSetup,
        SignicatSessionRequest.Ui ui,
        SignicatSessionRequest.RedirectSettings redirectSettings,
        List<String> subsequentTo,
        List<String> packageTo,
        List<String> usageTags) {

    /**
     * Where the session stands. {@code state} is the raw wire value, kept as a string so a state Signicat adds
     * later still deserialises (see {@link SignicatSessionState#fromWire}).
     *
     * @param stateIsFinal whether the state can still change
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Lifecycle(String state, boolean stateIsFinal) {

        /** The mapped state; {@link SignicatSessionState#UNKNOWN} for a value this client does not know. */
        @JsonIgnore
        public SignicatSessionState stateEnum() {
            return SignicatSessionState.fromWire(state);
        }

        @JsonIgnore
        public boolean isSigned() {
            return SignicatSessionState.SIGNED.wireValue().equals(state);
        }

        /** Final and not signed (rejected, expired, withdrawn or a state we do not know): the step failed. */
        @JsonIgnore
        public boolean isFinalFailure() {
            return stateIsFinal && !isSigned();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(List<Signature> signatures, List<ResultPackage> packages, UserInfo userInfo) {}

    /**
     * A signed result. For the chain, {@code resultDocumentId} is downloaded and uploaded again for the next
     * signer.
     *
     * @param signatureType {@code PADES} for Norwegian BankID PKI
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Signature(
            String documentCollectionId,
            String originalDocumentId,
            String resultDocumentId,
            String resultArchiveId,
            String signatureType) {}

    /**
     * Who actually signed, as the identity provider reported it. Personal data: {@link #toString()} masks all of it
     * except the signing time.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UserInfo(
            Instant signingTime, String fullName, String nin, String firstName, String lastName, String dateOfBirth) {

        @Override
        public String toString() {
            return "UserInfo[signingTime=" + signingTime + ", fullName=" + Redaction.mask(fullName)
                    + ", nin=" + Redaction.mask(nin) + ", firstName=" + Redaction.mask(firstName)
                    + ", lastName=" + Redaction.mask(lastName) + ", dateOfBirth=" + Redaction.mask(dateOfBirth) + "]";
        }
    }
}
