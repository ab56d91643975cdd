package no.signchain.simulator;

import static no.signchain.simulator.SimClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TokenAndAuthTest extends ApiTestBase {

    @Test
    void clientCredentialsInTheFormGiveABearerToken() {
        HttpResponse<String> r = sim.tokenRequest(
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "signchain-sim",
                        "client_secret",
                        "signchain-sim-secret",
                        "scope",
                        "signicat-api"),
                null);
        assertEquals(200, r.statusCode());
        JsonNode t = json(r);
        assertTrue(t.get("access_token").stringValue().length() > 20);
        assertEquals(3600, t.get("expires_in").asInt());
        assertEquals("Bearer", t.get("token_type").stringValue());
        assertEquals("signicat-api", t.get("scope").stringValue());
    }

    @Test
    void httpBasicClientAuthenticationWorksToo() {
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString("signchain-sim:signchain-sim-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r =
                sim.tokenRequest(Map.of("grant_type", "client_credentials", "scope", "signicat-api"), basic);
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void wrongSecretOrUnknownClientIsInvalidClient() {
        HttpResponse<String> r = sim.tokenRequest(
                Map.of("grant_type", "client_credentials", "client_id", "signchain-sim", "client_secret", "wrong"),
                null);
        assertEquals(400, r.statusCode());
        assertEquals("invalid_client", json(r).get("error").stringValue());
        r = sim.tokenRequest(
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "nobody",
                        "client_secret",
                        "signchain-sim-secret"),
                null);
        assertEquals(400, r.statusCode());
        assertEquals("invalid_client", json(r).get("error").stringValue());
    }

    @Test
    void otherGrantTypesAreUnsupported() {
        HttpResponse<String> r = sim.tokenRequest(
                Map.of("grant_type", "password", "client_id", "signchain-sim", "client_secret", "signchain-sim-secret"),
                null);
        assertEquals(400, r.statusCode());
        assertEquals("unsupported_grant_type", json(r).get("error").stringValue());
    }

    @Test
    void signApiNeedsAValidBearerToken() {
        HttpResponse<String> r = sim.send(HttpRequest.newBuilder(URI.create(sim.base + "/sign/signing-sessions"))
                .GET()
                .build());
        assertProblem(r, 401, "unauthorized");
        r = sim.send(HttpRequest.newBuilder(URI.create(sim.base + "/sign/signing-sessions"))
                .header("Authorization", "Bearer not-a-token")
                .GET()
                .build());
        assertProblem(r, 401, "unauthorized");
        assertEquals(200, sim.get("/sign/signing-sessions").statusCode());
    }

    @Test
    void expiringTokensRefusesEveryTokenIssuedSoFar() {
        assertEquals(200, sim.get("/sign/signing-sessions").statusCode());

        assertEquals(204, sim.control("POST", "/tokens/expire", null).statusCode());

        HttpResponse<String> r = sim.send(HttpRequest.newBuilder(URI.create(sim.base + "/sign/signing-sessions"))
                .header("Authorization", "Bearer " + sim.token())
                .GET()
                .build());
        assertProblem(r, 401, "unauthorized");
    }

    @Test
    void aTokenWithoutTheSignScopeIsForbidden() {
        HttpResponse<String> t = sim.tokenRequest(
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "signchain-sim",
                        "client_secret",
                        "signchain-sim-secret",
                        "scope",
                        "openid"),
                null);
        String token = json(t).get("access_token").stringValue();
        HttpResponse<String> r = sim.send(HttpRequest.newBuilder(URI.create(sim.base + "/sign/signing-sessions"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
        assertProblem(r, 403, "missing_permission");
    }

    @Test
    void unknownIdsAreProblem404s() {
        assertProblem(sim.get("/sign/signing-sessions/00000000-0000-0000-0000-000000000000"), 404, "not_found");
        assertProblem(sim.get("/sign/documents/nope"), 404, "not_found");
        assertProblem(sim.get("/sign/document-collections/nope"), 404, "not_found");
        assertProblem(sim.get("/sign/no-such-endpoint"), 404, "not_found");
    }

    static void assertProblem(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(
                r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                "Content-Type: " + r.headers().firstValue("Content-Type"));
        JsonNode p = json(r);
        assertEquals(status, p.get("status").asInt());
        assertEquals(code, p.get("code").stringValue());
        assertTrue(p.get("title").stringValue().length() > 0);
        assertTrue(p.get("detail").stringValue().length() > 0);
        assertTrue(p.get("type").isString());
        assertTrue(
                p.get("traceId").stringValue().matches("[0-9a-f]{32}"),
                p.get("traceId").toString());
    }
}
