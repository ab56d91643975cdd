package no.signchain.activities.signicatv1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import no.signchain.activities.http.ProviderAnswers;
import no.signchain.activities.http.ProviderCallException;
import no.signchain.activities.signicat.SignApiProperties;
import no.signchain.activities.signicat.SignicatBearerTokens;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Okio;
import okio.Sink;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client for Signicat's Sign API v1: upload a PDF to session data storage, create a signing order, read a task's
 * status, delete an order, download a signed result. Thread-safe; create one and share it.
 *
 * <p>Authenticated with Signicat's OAuth 2.0 client-credentials tokens, as Sign API v2 is ({@link SignicatBearerTokens}).
 * No retries here: Temporal retries the activity. The signed result is streamed to its sink, never held whole.
 */
public final class SignicatV1Client {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType PDF = MediaType.get("application/pdf");

    private final SignicatV1Settings settings;
    private final OkHttpClient http;
    private final JsonMapper json;
    private final HttpUrl base;

    public SignicatV1Client(SignicatV1Settings settings) {
        this(settings, new OkHttpClient());
    }

    public SignicatV1Client(SignicatV1Settings settings, OkHttpClient shared) {
        this.settings = Objects.requireNonNull(settings, "settings");
        SignApiProperties api = settings.api();
        OkHttpClient timed = shared.newBuilder()
                .connectTimeout(api.connectTimeout())
                .readTimeout(api.readTimeout())
                .writeTimeout(api.readTimeout())
                .callTimeout(api.callTimeout())
                .retryOnConnectionFailure(false)
                .build();
        this.http = timed.newBuilder()
                .addInterceptor(new SignicatBearerTokens(timed, api))
                .build();
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
        String root = api.baseUrl().toString();
        this.base = HttpUrl.get(root.endsWith("/") ? root : root + "/");
    }

    public SignicatV1Settings settings() {
        return settings;
    }

    /** {@code POST /documents}: the PDF into session data storage, where it lives 30 minutes unless used. */
    public SignicatV1Wire.UploadedDocument uploadDocument(Path pdf) {
        Request request = new Request.Builder()
                .url(base.resolve("documents"))
                .post(RequestBody.create(pdf.toFile(), PDF))
                .build();
        return call(request, SignicatV1Wire.UploadedDocument.class, "upload the document");
    }

    /** {@code POST /orders}: answers the order with its {@code id} and each task's {@code signingUrl}. */
    public SignicatV1Wire.SigningOrder createOrder(SignicatV1Wire.SigningOrder order) {
        Request request = new Request.Builder()
                .url(base.resolve("orders"))
                .post(RequestBody.create(json.writeValueAsBytes(order), JSON))
                .build();
        return call(request, SignicatV1Wire.SigningOrder.class, "create the signing order");
    }

    /** {@code GET /orders/{orderId}}: the order as created, each task with its {@code signingUrl}. */
    public SignicatV1Wire.SigningOrder order(String orderId) {
        HttpUrl url = base.newBuilder()
                .addPathSegment("orders")
                .addPathSegment(orderId)
                .build();
        return call(new Request.Builder().url(url).get().build(), SignicatV1Wire.SigningOrder.class, "read the order");
    }

    /** {@code GET /orders/{orderId}/tasks/{taskId}/status}. */
    public SignicatV1Wire.TaskStatus taskStatus(String orderId, String taskId) {
        HttpUrl url = base.newBuilder()
                .addPathSegment("orders")
                .addPathSegment(orderId)
                .addPathSegment("tasks")
                .addPathSegment(taskId)
                .addPathSegment("status")
                .build();
        return call(new Request.Builder().url(url).get().build(), SignicatV1Wire.TaskStatus.class, "read the task");
    }

    /** {@code DELETE /orders/{orderId}}: its tasks read as deleted afterwards. */
    public void deleteOrder(String orderId) {
        HttpUrl url = base.newBuilder()
                .addPathSegment("orders")
                .addPathSegment(orderId)
                .build();
        try (Response response =
                http.newCall(new Request.Builder().url(url).delete().build()).execute()) {
            ProviderAnswers.requireSuccess(response, "Signicat Sign API v1", "delete the signing order");
        } catch (IOException e) {
            throw new ProviderCallException(
                    "Signicat did not answer (delete the signing order): " + e, 0, true, null, e);
        }
    }

    /**
     * A document's {@code resultUri}, streamed to the sink. Only a URL below the configured API root is fetched: the
     * bearer token goes with it, and must never go to a host a status answer names.
     */
    public void downloadResult(String resultUri, OutputStream sink) {
        HttpUrl url = resultUri == null ? null : HttpUrl.parse(resultUri);
        if (url == null
                || !url.scheme().equals(base.scheme())
                || !url.host().equals(base.host())
                || url.port() != base.port()
                || !url.encodedPath().startsWith(base.encodedPath())) {
            throw new ProviderCallException(
                    "the signed result's URI is not below the configured Sign API v1 root", 0, false, null, null);
        }
        try (Response response =
                http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            ProviderAnswers.requireSuccess(response, "Signicat Sign API v1", "download the signed result");
            try (Sink out = Okio.sink(sink)) {
                response.body().source().readAll(out);
            }
        } catch (IOException e) {
            throw new ProviderCallException(
                    "Signicat did not answer (download the signed result): " + e, 0, true, null, e);
        }
    }

    private <T> T call(Request request, Class<T> type, String what) {
        try (Response response = http.newCall(request).execute()) {
            ProviderAnswers.requireSuccess(response, "Signicat Sign API v1", what);
            try {
                return json.readValue(response.body().byteStream(), type);
            } catch (JacksonException e) {
                // Retryable: after a create, the order may exist all the same. Jackson's message may quote the body,
                // which may carry the signer's number: only the kind of failure is said.
                throw new ProviderCallException(
                        "Signicat's answer could not be read (" + what + "): "
                                + e.getClass().getSimpleName(),
                        response.code(),
                        true,
                        null,
                        null);
            }
        } catch (IOException e) {
            throw new ProviderCallException("Signicat did not answer (" + what + "): " + e, 0, true, null, e);
        }
    }
}
