package no.signchain.activities.zignsec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * ZignSec's signing API v5 bodies, all in one place. The seed documents name the steps, {@code id},
 * {@code file_id}, {@code redirect_url}, {@code status}, {@code errors[]} and {@code result.inputFiles/signedFiles};
 * the exact request bodies are not public in signchain's material, so the request fields here are modelled on them
 * (snake case, as {@code file_id} and {@code redirect_url} are) and the simulator accepts exactly these.
 */
public final class ZignsecWire {

    private ZignsecWire() {}

    /**
     * {@code POST /sessions/signing/}.
     *
     * @param relayState     signchain's reference of the step, echoed in the session: never personal data
     * @param personalNumber the signer's national identity number: BankID signs only as that person
     * @param webhook        where ZignSec posts the session's state changes; null for the tenant's configured one
     */
    public record CreateSession(
            @JsonProperty("relay_state") String relayState,
            @JsonProperty("personal_number") String personalNumber,
            String title,
            @JsonProperty("success_url") String successUrl,
            @JsonProperty("failure_url") String failureUrl,
            String webhook,
            @JsonProperty("expires_at") Instant expiresAt) {
        @Override
        public String toString() {
            return "CreateSession[relayState=" + relayState + "]";
        }
    }

    /** The answer to a create or an upload: the session's id, and the uploaded file's id. */
    public record SessionRef(
            String id, @JsonProperty("file_id") String fileId) {}

    /** {@code POST /sessions/signing/{id}/sign}: the files to sign, with optional visible-signature placement. */
    public record StartSigning(@JsonProperty("file_ids") List<String> fileIds, List<Placement> placements) {}

    public record Placement(@JsonProperty("file_id") String fileId, int page, double x, double y) {}

    public record Started(
            String id, @JsonProperty("redirect_url") String redirectUrl) {}

    /** {@code GET /sessions/signing/{id}}. */
    public record Session(
            String id,
            String status,
            @JsonProperty("relay_state") String relayState,
            @JsonProperty("redirect_url") String redirectUrl,
            @JsonProperty("expires_at") Instant expiresAt,
            List<Error> errors,
            Result result) {}

    public record Error(String code, String description, Integer statusCode) {}

    public record Result(List<File> inputFiles, List<File> signedFiles) {}

    public record File(String id, String name, String url, String mimeType, String md5) {}
}
