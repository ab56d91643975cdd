package no.signchain.activities.signicat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import no.signchain.activities.signicat.wire.DocumentMetadata;
import no.signchain.activities.signicat.wire.DocumentMetadataUpdate;
import no.signchain.activities.signicat.wire.DocumentReference;
import no.signchain.activities.signicat.wire.SignicatDocumentCollection;
import no.signchain.activities.signicat.wire.SignicatSession;
import no.signchain.activities.signicat.wire.SignicatSessionPage;
import no.signchain.activities.signicat.wire.SignicatSessionQuery;
import no.signchain.activities.signicat.wire.SignicatSessionRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import okio.Okio;
import okio.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client for Signicat's Sign API v2: documents, document collections and signing sessions. Create one and share
 * it; it is thread-safe.
 *
 * <p><b>No retries.</b> Temporal retries activities, so a second retry layer here would multiply attempts and
 * hide failures. OkHttp's {@code retryOnConnectionFailure} is off. The one exception is authentication: on a 401
 * the cached token is dropped, a new one fetched and the call sent once more (see {@link DocumentSource} for
 * uploads that cannot be replayed). Errors are {@link SignApiProblemException} (Signicat answered non-2xx) and
 * {@link SignApiIoException} (no answer); both say through {@link SignApiException#isRetryable()} whether the
 * activity should try again.
 *
 * <p>Documents are streamed both ways; neither upload nor download holds a whole document in memory.
 */
public final class SignApiClient {

    private static final Logger log = LoggerFactory.getLogger(SignApiClient.class);

    static final String ORGANIZATION_HEADER = "Signicat-OrganizationId";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final TypeReference<List<SignicatSession>> SESSION_LIST = new TypeReference<>() {};

    private final SignApiProperties settings;
    private final OkHttpClient http;
    private final JsonMapper json;
    private final HttpUrl baseUrl;
    private final ErrorMapping errors;
    private final AccessTokens tokens;

    /** Builds its own HTTP client from the settings' timeouts. */
    public SignApiClient(SignApiProperties settings) {
        this(settings, new OkHttpClient(), Clock.systemUTC());
    }

    /**
     * Shares {@code shared}'s connection pool and dispatcher. The settings' timeouts still apply and connection
     * retries are switched off; interceptors already on {@code shared} are kept, so do not pass a client with a
     * retrying interceptor.
     */
    public SignApiClient(SignApiProperties settings, OkHttpClient shared) {
        this(settings, shared, Clock.systemUTC());
    }

    /** For tests: {@code clock} drives token expiry and {@code Retry-After} dates. */
    SignApiClient(SignApiProperties settings, OkHttpClient base, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(base, "base")
                .newBuilder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .callTimeout(settings.callTimeout())
                .retryOnConnectionFailure(false)
                .addInterceptor(new RequestLogInterceptor())
                .build();
        this.json = createJsonMapper();
        this.baseUrl = HttpUrl.get(settings.baseUrl().toString());
        this.errors = new ErrorMapping(json, clock);
        this.tokens = new AccessTokens(http, settings, json, errors, clock);
    }

    /** Lenient on read (unknown fields, missing primitives), terse on write (nulls left out). */
    static JsonMapper createJsonMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    public SignApiProperties settings() {
        return settings;
    }

    // ---------------------------------------------------------------- documents

    /**
     * {@code POST /documents}: uploads the bytes as the body with the source's MIME type as {@code Content-Type}.
     * Signicat deletes the document if no session uses it within 30 minutes.
     */
    public DocumentReference uploadDocument(DocumentSource source) {
        Objects.requireNonNull(source, "source");
        ApiOperation operation = new ApiOperation("POST", "/documents");
        Request.Builder request = new Request.Builder()
                .url(url("documents"))
                .header("Accept", "application/json")
                .post(new DocumentRequestBody(source));
        return send(operation, request, response -> readJson(response, DocumentReference.class));
    }

    /** Uploads a file (replayable, so a 401 is handled transparently). */
    public DocumentReference uploadDocument(Path file, String mimeType) {
        return uploadDocument(DocumentSource.ofPath(file, mimeType));
    }

    /**
     * Uploads from a stream, which is closed afterwards. The stream can be read once only, so a 401 on this call
     * is not repeated with a new token; it fails with status 401 and the next attempt gets a new token.
     *
     * @param length byte count, or -1 if unknown (then sent chunked)
     */
    public DocumentReference uploadDocument(InputStream stream, long length, String mimeType) {
        return uploadDocument(DocumentSource.ofStream(stream, length, mimeType));
    }

    /**
     * {@code GET /documents/{documentId}}: copies the document into {@code sink}, which is flushed but not closed.
     * If the call fails half-way, {@code sink} holds a partial document.
     *
     * @return the number of bytes copied
     */
    public long downloadDocument(String documentId, OutputStream sink) {
        Objects.requireNonNull(sink, "sink");
        ApiOperation operation = new ApiOperation("GET", "/documents/{documentId}");
        Request.Builder request =
                new Request.Builder().url(url("documents", id(documentId))).get();
        return send(operation, request, response -> {
            Sink out = Okio.sink(sink); // not closed: the caller owns the stream
            long copied = response.body().source().readAll(out);
            sink.flush();
            return copied;
        });
    }

    /**
     * Downloads into {@code target}, replacing it. A failed download deletes the partial file, so an existing
     * {@code target} is always a complete document.
     *
     * @return the number of bytes written
     */
    public long downloadDocument(String documentId, Path target) {
        Objects.requireNonNull(target, "target");
        try {
            long copied;
            try (OutputStream out = Files.newOutputStream(target)) {
                copied = downloadDocument(documentId, out);
            }
            return copied;
        } catch (IOException e) {
            deleteQuietly(target);
            throw new UncheckedIOException("Cannot write the downloaded document to " + target, e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    /** {@code GET /documents/{documentId}/metadata}. */
    public DocumentMetadata getDocumentMetadata(String documentId) {
        ApiOperation operation = new ApiOperation("GET", "/documents/{documentId}/metadata");
        Request.Builder request = new Request.Builder()
                .url(url("documents", id(documentId), "metadata"))
                .header("Accept", "application/json")
                .get();
        return send(operation, request, response -> readJson(response, DocumentMetadata.class));
    }

    /** {@code PATCH /documents/{documentId}/metadata}; {@code null} fields are left unchanged. */
    public DocumentMetadata updateDocumentMetadata(String documentId, DocumentMetadataUpdate update) {
        Objects.requireNonNull(update, "update");
        ApiOperation operation = new ApiOperation("PATCH", "/documents/{documentId}/metadata");
        Request.Builder request = new Request.Builder()
                .url(url("documents", id(documentId), "metadata"))
                .header("Accept", "application/json")
                .patch(jsonBody(update));
        DocumentMetadata updated =
                send(operation, request, response -> readJsonOrNull(response, DocumentMetadata.class));
        return updated != null ? updated : getDocumentMetadata(documentId);
    }

    /** {@code DELETE /documents/{documentId}}: deletes the document and its metadata permanently. */
    public void deleteDocument(String documentId) {
        ApiOperation operation = new ApiOperation("DELETE", "/documents/{documentId}");
        send(
                operation,
                new Request.Builder().url(url("documents", id(documentId))).delete(),
                response -> null);
    }

    // ---------------------------------------------------------------- document collections

    /** {@code POST /document-collections} with these documents (1 to 100) and no packaging. */
    public SignicatDocumentCollection createDocumentCollection(List<String> documentIds) {
        return createDocumentCollection(documentIds, null);
    }

    /**
     * {@code POST /document-collections}.
     *
     * @param packageTo e.g. {@code ["PADES_CONTAINER"]}, or {@code null} for none
     */
    public SignicatDocumentCollection createDocumentCollection(List<String> documentIds, List<String> packageTo) {
        if (documentIds == null || documentIds.isEmpty() || documentIds.size() > 100) {
            throw new IllegalArgumentException("a document collection holds 1 to 100 documents");
        }
        List<SignicatDocumentCollection.Document> documents = documentIds.stream()
                .map(documentId -> new SignicatDocumentCollection.Document(id(documentId)))
                .toList();
        ApiOperation operation = new ApiOperation("POST", "/document-collections");
        Request.Builder request = new Request.Builder()
                .url(url("document-collections"))
                .header("Accept", "application/json")
                .post(jsonBody(new CollectionRequest(documents, packageTo)));
        return send(operation, request, response -> readJson(response, SignicatDocumentCollection.class));
    }

    /** {@code GET /document-collections/{id}}. */
    public SignicatDocumentCollection getDocumentCollection(String collectionId) {
        ApiOperation operation = new ApiOperation("GET", "/document-collections/{documentCollectionId}");
        Request.Builder request = new Request.Builder()
                .url(url("document-collections", id(collectionId)))
                .header("Accept", "application/json")
                .get();
        return send(operation, request, response -> readJson(response, SignicatDocumentCollection.class));
    }

    /** {@code DELETE /document-collections/{id}}. */
    public void deleteDocumentCollection(String collectionId) {
        ApiOperation operation = new ApiOperation("DELETE", "/document-collections/{documentCollectionId}");
        send(
                operation,
                new Request.Builder()
                        .url(url("document-collections", id(collectionId)))
                        .delete(),
                response -> null);
    }

    // ---------------------------------------------------------------- signing sessions

    /**
     * {@code POST /signing-sessions}: the body and the answer are JSON arrays. A retry after an
     * {@link SignApiIoException} may create duplicates; look them up by {@code externalReference}.
     *
     * @return the created sessions, in the order Signicat returns them
     */
    public List<SignicatSession> createSigningSessions(List<SignicatSessionRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw new IllegalArgumentException("at least one signing session request is required");
        }
        ApiOperation operation = new ApiOperation("POST", "/signing-sessions");
        Request.Builder request = new Request.Builder()
                .url(url("signing-sessions"))
                .header("Accept", "application/json")
                .post(jsonBody(List.copyOf(requests)));
        return send(
                operation, request, response -> json.readValue(response.body().byteStream(), SESSION_LIST));
    }

    /** Creates one session (as a one-element array). */
    public SignicatSession createSigningSession(SignicatSessionRequest request) {
        List<SignicatSession> created = createSigningSessions(List.of(request));
        if (created.size() != 1) {
            throw new SignApiException(
                    "Signicat POST /signing-sessions returned " + created.size() + " sessions for one request");
        }
        return created.getFirst();
    }

    /** {@code GET /signing-sessions/{sessionId}}. A 404 means the session is gone (expired or deleted). */
    public SignicatSession getSigningSession(String sessionId) {
        ApiOperation operation = new ApiOperation("GET", "/signing-sessions/{sessionId}");
        Request.Builder request = new Request.Builder()
                .url(url("signing-sessions", id(sessionId)))
                .header("Accept", "application/json")
                .get();
        return send(operation, request, response -> readJson(response, SignicatSession.class));
    }

    /** {@code DELETE /signing-sessions/{sessionId}}: withdraws an open session. */
    public void deleteSigningSession(String sessionId) {
        ApiOperation operation = new ApiOperation("DELETE", "/signing-sessions/{sessionId}");
        send(
                operation,
                new Request.Builder()
                        .url(url("signing-sessions", id(sessionId)))
                        .delete(),
                response -> null);
    }

    /** {@code GET /signing-sessions} with the query's filters; repeated parameters for {@code state} and {@code sort}. */
    public SignicatSessionPage listSigningSessions(SignicatSessionQuery query) {
        Objects.requireNonNull(query, "query");
        HttpUrl.Builder url = url("signing-sessions").newBuilder();
        if (query.offset() != null) {
            url.addQueryParameter("offset", query.offset().toString());
        }
        if (query.limit() != null) {
            url.addQueryParameter("limit", query.limit().toString());
        }
        if (query.sort() != null) {
            query.sort().forEach(sort -> url.addQueryParameter("sort", sort));
        }
        if (query.states() != null) {
            query.states().forEach(state -> url.addQueryParameter("state", state.wireValue()));
        }
        addInstant(url, "createdDateFrom", query.createdDateFrom());
        addInstant(url, "createdDateTo", query.createdDateTo());
        addInstant(url, "dueDateFrom", query.dueDateFrom());
        addInstant(url, "dueDateTo", query.dueDateTo());
        if (query.sessionTitleLike() != null) {
            url.addQueryParameter("sessionTitleLike", query.sessionTitleLike());
        }
        ApiOperation operation = new ApiOperation("GET", "/signing-sessions");
        Request.Builder request = new Request.Builder()
                .url(url.build())
                .header("Accept", "application/json")
                .get();
        return send(operation, request, response -> readJson(response, SignicatSessionPage.class));
    }

    /**
     * {@code PATCH /signing-sessions/{sessionId}} with {@code {dueDate}} (at most 45 days ahead). The answer's
     * shape is undocumented; if it carries no session, the session is read back.
     */
    public SignicatSession updateSigningSessionDueDate(String sessionId, Instant dueDate) {
        Objects.requireNonNull(dueDate, "dueDate");
        ApiOperation operation = new ApiOperation("PATCH", "/signing-sessions/{sessionId}");
        Request.Builder request = new Request.Builder()
                .url(url("signing-sessions", id(sessionId)))
                .header("Accept", "application/json")
                .patch(jsonBody(Map.of("dueDate", dueDate)));
        SignicatSession updated = send(operation, request, response -> readJsonOrNull(response, SignicatSession.class));
        return updated != null ? updated : getSigningSession(sessionId);
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(Response response) throws IOException;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CollectionRequest(List<SignicatDocumentCollection.Document> documents, List<String> packageTo) {}

    /**
     * Sends an authenticated call and maps the outcome. Authentication lives here rather than in an OkHttp
     * interceptor because a failed token fetch is a {@link SignApiException}, which OkHttp's chain (built for
     * IOExceptions) should not have to carry, and because the one 401 repeat is easier to see here.
     */
    private <T> T send(ApiOperation operation, Request.Builder builder, BodyReader<T> reader) {
        if (settings.organizationId() != null) {
            builder.header(ORGANIZATION_HEADER, settings.organizationId());
        }
        Request unsigned = builder.build();
        try (Response response = executeAuthorized(operation, unsigned)) {
            if (!response.isSuccessful()) {
                throw errors.problem(operation, response);
            }
            return reader.read(response);
        } catch (IOException e) {
            throw ErrorMapping.io(operation, unsigned.url(), e);
        } catch (JacksonIOException e) {
            throw ErrorMapping.io(operation, unsigned.url(), e.getCause());
        } catch (JacksonException e) {
            // The parser's message may quote the body; only the exception type goes into ours.
            throw new SignApiException(
                    "Signicat " + operation.describe() + " returned a body this client cannot read ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private Response executeAuthorized(ApiOperation operation, Request unsigned) throws IOException {
        String token = tokens.get();
        Response response = http.newCall(withToken(unsigned, token)).execute();
        if (response.code() != 401) {
            return response;
        }
        // Token revoked or expired early: drop it and try once more with a new one. Never loop.
        tokens.invalidate(token);
        RequestBody body = unsigned.body();
        if (body != null && body.isOneShot()) {
            log.debug("Signicat {} got 401; body cannot be replayed, so not repeating", operation.describe());
            return response;
        }
        response.close();
        return http.newCall(withToken(unsigned, tokens.get())).execute();
    }

    private static Request withToken(Request request, String token) {
        return request.newBuilder().header("Authorization", "Bearer " + token).build();
    }

    private <T> T readJson(Response response, Class<T> type) {
        return json.readValue(response.body().byteStream(), type);
    }

    private <T> T readJsonOrNull(Response response, Class<T> type) throws IOException {
        BufferedSource source = response.body().source();
        if (response.code() == 204 || source.exhausted()) {
            return null;
        }
        return json.readValue(source.inputStream(), type);
    }

    private RequestBody jsonBody(Object value) {
        return RequestBody.create(json.writeValueAsBytes(value), JSON);
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder url = baseUrl.newBuilder();
        for (String segment : segments) {
            url.addPathSegment(segment); // percent-encodes, so an id cannot change the path
        }
        return url.build();
    }

    private static String id(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is required");
        }
        return id;
    }

    private static void addInstant(HttpUrl.Builder url, String name, Instant value) {
        if (value != null) {
            url.addQueryParameter(name, value.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The download error is the one worth reporting.
        }
    }
}
