package no.signchain.activities.zignsec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import no.signchain.activities.http.ProviderAnswers;
import no.signchain.activities.http.ProviderCallException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
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
 * Client for ZignSec's signing API v5 (Norwegian BankID e-signing): create a session, upload the PDF, start signing,
 * read the session, download a signed file. Thread-safe; create one and share it.
 *
 * <p>The subscription key goes in {@code Authorization} as it is, on every call, the file downloads included. No
 * retries here: Temporal retries the activity. The signed file is streamed to its sink, never held whole.
 */
public final class ZignsecClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType PDF = MediaType.get("application/pdf");

    private final ZignsecSettings settings;
    private final OkHttpClient http;
    private final JsonMapper json;
    private final HttpUrl sessions;

    public ZignsecClient(ZignsecSettings settings) {
        this(settings, new OkHttpClient());
    }

    public ZignsecClient(ZignsecSettings settings, OkHttpClient shared) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = shared.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .callTimeout(settings.callTimeout())
                .retryOnConnectionFailure(false)
                .addInterceptor(chain -> chain.proceed(chain.request()
                        .newBuilder()
                        .header("Authorization", settings.subscriptionKey())
                        .build()))
                .build();
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
        String base = settings.baseUrl().toString();
        this.sessions = HttpUrl.get((base.endsWith("/") ? base : base + "/") + "sessions/signing/");
    }

    public ZignsecSettings settings() {
        return settings;
    }

    /** {@code POST /sessions/signing/}: a new session; its {@code id} names it in every later call. */
    public ZignsecWire.SessionRef createSession(ZignsecWire.CreateSession request) {
        return call(post(sessions, request), ZignsecWire.SessionRef.class, "create a signing session");
    }

    /** {@code POST /sessions/signing/{id}/files}: the PDF as a multipart {@code file}; answers its {@code file_id}. */
    public ZignsecWire.SessionRef uploadFile(String sessionId, Path pdf, String filename) {
        RequestBody body = new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart("file", filename, RequestBody.create(pdf.toFile(), PDF))
                .build();
        Request request = new Request.Builder()
                .url(session(sessionId).newBuilder().addPathSegment("files").build())
                .post(body)
                .build();
        return call(request, ZignsecWire.SessionRef.class, "upload the document");
    }

    /** {@code POST /sessions/signing/{id}/sign}: answers the {@code redirect_url} the signer is sent to. */
    public ZignsecWire.Started startSigning(String sessionId, ZignsecWire.StartSigning request) {
        return call(
                post(session(sessionId).newBuilder().addPathSegment("sign").build(), request),
                ZignsecWire.Started.class,
                "start signing");
    }

    /** {@code GET /sessions/signing/{id}}. */
    public ZignsecWire.Session getSession(String sessionId) {
        return call(
                new Request.Builder().url(session(sessionId)).get().build(),
                ZignsecWire.Session.class,
                "read the signing session");
    }

    /**
     * A file URL from the session's result, fetched with the subscription key and streamed to the sink. Only a URL on
     * the configured gateway (scheme, host and port) is fetched: the key goes with it, and must never go to a host a
     * session answer names. ZignSec's files live on the gateway, below {@code /folders}, not below the API root.
     */
    public void download(String fileUrl, OutputStream sink) {
        HttpUrl url = fileUrl == null ? null : HttpUrl.parse(fileUrl);
        HttpUrl gateway = sessions;
        if (url == null
                || !url.scheme().equals(gateway.scheme())
                || !url.host().equals(gateway.host())
                || url.port() != gateway.port()) {
            throw new ProviderCallException(
                    "the signed file's URL is not on the configured ZignSec gateway", 0, false, null, null);
        }
        Request request = new Request.Builder().url(url).get().build();
        try (Response response = http.newCall(request).execute()) {
            ProviderAnswers.requireSuccess(response, "ZignSec", "download the signed file");
            try (Sink out = Okio.sink(sink)) {
                response.body().source().readAll(out);
            }
        } catch (IOException e) {
            throw new ProviderCallException(
                    "ZignSec did not answer (download the signed file): " + e, 0, true, null, e);
        }
    }

    private HttpUrl session(String sessionId) {
        return sessions.newBuilder().addPathSegment(sessionId).build();
    }

    private Request post(HttpUrl url, Object body) {
        return new Request.Builder()
                .url(url)
                .post(RequestBody.create(json.writeValueAsBytes(body), JSON))
                .build();
    }

    private <T> T call(Request request, Class<T> type, String what) {
        try (Response response = http.newCall(request).execute()) {
            ProviderAnswers.requireSuccess(response, "ZignSec", what);
            try {
                return json.readValue(response.body().byteStream(), type);
            } catch (JacksonException e) {
                // Retryable: after a create, the session may exist all the same.
                throw new ProviderCallException(
                        "ZignSec's answer could not be read (" + what + "): " + e.getOriginalMessage(),
                        response.code(),
                        true,
                        null,
                        null);
            }
        } catch (IOException e) {
            throw new ProviderCallException("ZignSec did not answer (" + what + "): " + e, 0, true, null, e);
        }
    }
}
