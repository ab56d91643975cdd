package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to signchain and its embedded simulator over HTTP, the way a business system and a signer would. */
final class SignchainHttp {

    record Response(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String contentType() {
            return headers.getContentType() == null
                    ? null
                    : headers.getContentType().toString();
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A client-credentials client of the all-in-one app's authorization server, and the scopes it asks for. */
    record ApiClient(String id, String secret, String scopes) {}

    private static final String CONTRACT_SCOPES = "contracts:write contracts:read contracts:manage";
    static final ApiClient SIGNCHAIN_LOCAL =
            new ApiClient("signchain-local", "signchain-local-secret", CONTRACT_SCOPES + " actuator:read codec:use");
    static final ApiClient SIGNCHAIN_LOCAL_2 =
            new ApiClient("signchain-local-2", "signchain-local-2-secret", CONTRACT_SCOPES);

    private final RestClient http;
    private final String api;
    private final String simulator;
    private final ApiClient client;
    private String token;

    /** As {@code signchain-local}, the first demo client. */
    SignchainHttp(int apiPort, String simulatorRoot) {
        this(apiPort, simulatorRoot, SIGNCHAIN_LOCAL);
    }

    /** As the given client; with {@code null}, requests to the API carry no token. */
    SignchainHttp(int apiPort, String simulatorRoot, ApiClient client) {
        this.api = "http://127.0.0.1:" + apiPort;
        this.simulator = simulatorRoot;
        this.client = client;
        this.http = RestClient.builder()
                .requestInterceptor((request, body, execution) -> {
                    if (client != null
                            && request.getURI().toString().startsWith(api)
                            && !request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                        request.getHeaders().setBearerAuth(token());
                    }
                    return execution.execute(request, body);
                })
                .build();
    }

    /** The same API and simulator, as another client (or none). */
    SignchainHttp as(ApiClient other) {
        return new SignchainHttp(Integer.parseInt(api.substring(api.lastIndexOf(':') + 1)), simulator, other);
    }

    /** The client's access token from the app's {@code /oauth2/token}, fetched once. */
    synchronized String token() {
        if (token == null) {
            MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
            form.add("grant_type", "client_credentials");
            form.add("scope", client.scopes());
            JsonNode answer = JSON.readTree(RestClient.create()
                    .post()
                    .uri(api + "/oauth2/token")
                    .headers(h -> h.setBasicAuth(client.id(), client.secret()))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(form)
                    .retrieve()
                    .body(byte[].class));
            token = answer.get("access_token").asString();
        }
        return token;
    }

    Response submit(String contractJson, byte[] pdf) {
        return submit(contractJson, pdf, null);
    }

    /** POST /api/v1/contracts; a null part is left out. */
    Response submit(String contractJson, byte[] pdf, String idempotencyKey) {
        return submit(
                contractJson == null ? null : contractJson.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                pdf,
                idempotencyKey);
    }

    /** POST /api/v1/contracts with the contract part's bytes as given (not necessarily UTF-8); a null part is left out. */
    Response submit(byte[] contractJson, byte[] pdf, String idempotencyKey) {
        return submit(contractJson, pdf, idempotencyKey, Map.of());
    }

    /** As {@link #submit(byte[], byte[], String)}, with more parts beside the contract's two. */
    Response submit(byte[] contractJson, byte[] pdf, String idempotencyKey, Map<String, String> moreParts) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        if (pdf != null) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_PDF);
            parts.add(
                    "document",
                    new HttpEntity<>(
                            new ByteArrayResource(pdf) {
                                @Override
                                public String getFilename() {
                                    return "contract.pdf";
                                }
                            },
                            headers));
        }
        if (contractJson != null) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            parts.add("contract", new HttpEntity<>(contractJson, headers));
        }
        moreParts.forEach(parts::add);
        return exchange(http.post()
                .uri(api + "/api/v1/contracts")
                .headers(h -> {
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(parts));
    }

    Response get(String path) {
        return exchange(http.get().uri(api + path));
    }

    /** GET of a path and query sent as written, percent-escapes and all (RestClient would escape the {@code %}). */
    Response getRaw(String rawPathAndQuery) {
        return exchange(http.get().uri(java.net.URI.create(api + rawPathAndQuery)));
    }

    /** A JSON request to signchain's API; a null body sends none. */
    Response send(HttpMethod method, String path, String json) {
        return sendWithKey(method, path, json, null);
    }

    /** A JSON request to signchain's API under an {@code Idempotency-Key} (none when null). */
    Response sendWithKey(HttpMethod method, String path, String json, String idempotencyKey) {
        RestClient.RequestBodySpec request = http.method(method).uri(api + path);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json);
        }
        return exchange(request);
    }

    /** A request with the given bearer token instead of this client's own. */
    Response sendWithToken(HttpMethod method, String path, String bearerToken) {
        return exchange(http.method(method).uri(api + path).headers(h -> h.setBearerAuth(bearerToken)));
    }

    /** A request with the body's bytes as given, to a path sent as written (percent-escapes and all). */
    Response send(HttpMethod method, String rawPath, byte[] body, String contentType) {
        RestClient.RequestBodySpec request = http.method(method).uri(java.net.URI.create(api + rawPath));
        if (contentType != null) {
            request.header(HttpHeaders.CONTENT_TYPE, contentType);
        }
        if (body != null) {
            request.body(body);
        }
        return exchange(request);
    }

    /**
     * Bytes written to signchain's port as they are, for what no HTTP client would send (a malformed request line,
     * oversized headers); the answer read until the server closes the connection or a second passes quietly.
     */
    Response raw(String request) {
        int endOfRequestLine = request.indexOf("\r\n");
        if (client != null && endOfRequestLine > 0) {
            // The client's token, as every other request of this client carries it.
            request = request.substring(0, endOfRequestLine + 2) + "Authorization: Bearer " + token() + "\r\n"
                    + request.substring(endOfRequestLine + 2);
        }
        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", java.net.URI.create(api).getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            String head = responseHead(in);
            HttpHeaders headers = new HttpHeaders();
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(
                            lines[i].substring(0, colon).strip(),
                            lines[i].substring(colon + 1).strip());
                }
            }
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            long length = headers.getContentLength();
            byte[] body = "chunked".equalsIgnoreCase(headers.getFirst(HttpHeaders.TRANSFER_ENCODING))
                    ? dechunked(in)
                    : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            return new Response(status, headers, body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] dechunked(java.io.InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    sizeLine.append((char) b);
                }
            }
            int size = Integer.parseInt(sizeLine.toString().split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(size));
            in.readNBytes(2);
        }
    }

    /** POST without a body. */
    Response post(String path) {
        return send(HttpMethod.POST, path, null);
    }

    JsonNode contract(String id) {
        Response response = get("/api/v1/contracts/" + id);
        assertThat(response.status()).as("GET contract %s", id).isEqualTo(200);
        return response.json();
    }

    JsonNode awaitContract(String id, String description, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = contract(id);
            if (condition.test(last)) {
                return last;
            }
            pause(200);
        }
        throw new AssertionError("contract " + id + " never got to: " + description + "; last seen " + last);
    }

    JsonNode awaitStatus(String id, String status) {
        return awaitContract(
                id, "status " + status, c -> status.equals(c.get("status").asString()));
    }

    /** Waits until signer {@code index} (1-based) has an open session and returns its signature URL. */
    String awaitSignatureUrl(String id, int index) {
        JsonNode contract = awaitContract(
                id,
                "signer " + index + " READY",
                c -> "READY"
                        .equals(c.get("signers").get(index - 1).get("status").asString()));
        return contract.get("signers").get(index - 1).get("signatureUrl").asString();
    }

    /** What the signer does on the simulator's signer page: a form POST of sign or reject. */
    void decide(String signatureUrl, String decision) {
        submitSignerForm(signatureUrl, "decision=" + decision);
    }

    /** The signer page's form as given, with the simulator's knobs ({@code decision=sign&signAs=…}). */
    void submitSignerForm(String signatureUrl, String form) {
        Response response = exchange(http.post()
                .uri(signatureUrl)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(form));
        assertThat(response.status()).as("%s at %s", form, signatureUrl).isEqualTo(200);
    }

    void simulatorKnobs(Map<String, Object> knobs) {
        simulatorKnobs(JSON.writeValueAsString(knobs));
    }

    void simulatorKnobs(String json) {
        Response response = exchange(http.put()
                .uri(simulator + "/simulator/control/knobs")
                .contentType(MediaType.APPLICATION_JSON)
                .body(json));
        assertThat(response.status())
                .as("simulator knobs: %s", new String(response.body()))
                .isEqualTo(200);
    }

    void resetSimulatorKnobs() {
        simulatorKnobs(
                "{\"autoSignAfter\":null,\"duplicateEvents\":false,\"dropEventRate\":0.0,\"autoRejectNins\":[]}");
    }

    JsonNode simulatorEvents() {
        return exchange(http.get().uri(simulator + "/simulator/control/events")).json();
    }

    /** The simulator's test CA: the one trust anchor for what it signs. */
    java.security.cert.X509Certificate simulatorCa() {
        byte[] pem = exchange(http.get().uri(simulator + "/simulator/ca.pem")).body();
        try {
            return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("the simulator's CA is not a certificate", e);
        }
    }

    /** Every session the simulator opened for this contract (signchain puts the contract id in its reference). */
    /** The fake Posten service's jobs with the contract as reference (signers' pages and statuses, no numbers). */
    List<JsonNode> postenJobsOf(String contractId) {
        return exchange(http.get().uri(simulator + "/simulator/control/posten/jobs?reference=" + contractId))
                .json()
                .valueStream()
                .toList();
    }

    /**
     * Waits until signer {@code index}'s turn has come in the contract's Posten job, as signchain shows it, and
     * returns the fake portal's page for them (a portal job names no signer URL: Posten notifies the signer).
     */
    String awaitPostenPage(String contractId, int index) {
        awaitContract(
                contractId,
                "signer " + index + " READY",
                c -> "READY"
                        .equals(c.get("signers").get(index - 1).get("status").asString()));
        List<JsonNode> jobs = postenJobsOf(contractId);
        assertThat(jobs).as("Posten jobs of contract %s", contractId).hasSize(1);
        return jobs.get(0).get("signers").get(index - 1).get("page").asString();
    }

    /** The fake Posten's fault knobs: API calls answered 503, jobs made but their answers lost. */
    void postenFaults(int failApiCalls, int loseCreateAnswers) {
        Response response = exchange(http.post()
                .uri(simulator + "/simulator/control/posten/faults?failApiCalls=" + failApiCalls + "&loseCreateAnswers="
                        + loseCreateAnswers));
        assertThat(response.status()).as(new String(response.body())).isEqualTo(200);
    }

    /** A POST without a body to the simulator's control. */
    Response sendToSimulator(String path) {
        return exchange(http.post().uri(simulator + path));
    }

    /** The HTTP status of a signer's page at the fake Posten portal (409 before their turn and after the job). */
    int postenPageStatus(String page) {
        return exchange(http.get().uri(page)).status();
    }

    List<JsonNode> simulatorSessionsOf(String contractId) {
        return exchange(http.get().uri(simulator + "/simulator/control/sessions"))
                .json()
                .valueStream()
                .filter(s -> s.path("externalReference").asString("").startsWith("signchain:" + contractId + ":"))
                .toList();
    }

    private static Response exchange(RestClient.RequestHeadersSpec<?> request) {
        return request.exchange(
                (req, res) -> new Response(
                        res.getStatusCode().value(),
                        res.getHeaders(),
                        res.getBody().readAllBytes()),
                true);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status line and headers of a raw socket answer, read byte by byte: the connection may stay open after them. */
    static String responseHead(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) != -1) {
            head.append((char) b);
        }
        return head.toString();
    }
}
