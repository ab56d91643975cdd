package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code PATCH /documents/{id}/metadata}. A {@code null} field is left out of the request. The length
 * limits are Signicat's; checking them here turns a 400 from Signicat into an immediate, non-retryable error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentMetadataUpdate(String filename, String title, String description) {

    public DocumentMetadataUpdate {
        maxLength(filename, 255, "filename");
        maxLength(title, 255, "title");
        maxLength(description, 1000, "description");
    }

    private static void maxLength(String value, int max, String name) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(name + " is longer than " + max + " characters");
        }
    }
}
