package no.signchain.activities.signicatv1;

import java.util.Objects;
import java.util.function.Supplier;
import no.signchain.activities.signicat.SignApiProperties;

/**
 * How to reach Signicat's Sign API v1 and what to ask of it.
 *
 * @param api             the v1 root as {@code baseUrl} (e.g. {@code https://id.signicat.com/sign}, per agreement),
 *                        and the OAuth 2.0 token URL, client id and secret exactly as for Sign API v2
 * @param notificationUrl signchain's {@code https://<host>/webhooks/signicat-v1/<secret>}, registered as each task's
 *                        URL notification; read at each order (the all-in-one app knows its port only once started);
 *                        a supplier answering null or blank sends no URL notification (tasks are still read)
 * @param daysToLive      each task's lifetime at Signicat; longer than signchain's furthest deadline, since v1 cannot
 *                        move it later and signchain's own deadline decides
 * @param language        the signing page's language ({@code nb}, {@code en}, ...)
 */
public record SignicatV1Settings(
        SignApiProperties api, Supplier<String> notificationUrl, int daysToLive, String language) {

    public SignicatV1Settings {
        Objects.requireNonNull(api, "api");
        notificationUrl = notificationUrl == null ? () -> null : notificationUrl;
        if (daysToLive < 1) {
            throw new IllegalArgumentException("daysToLive must be at least 1, was " + daysToLive);
        }
        language = language == null || language.isBlank() ? "nb" : language;
    }

    public SignicatV1Settings(SignApiProperties api) {
        this(api, null, 60, "nb");
    }
}
