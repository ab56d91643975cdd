package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document describes what the API answers, errors included, and how a client authenticates: what
 * schemathesis ({@code deploy/local/schemathesis.sh}) checks the running app against, in its shape here.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // A task queue of its own: this context differs from the bad-input tests' (another token URL), and two contexts
        // polling one queue on a shared Temporal server would run each other's contracts against the wrong database.
        properties = {
            "signchain.temporal.task-queue=openapi-test",
            "signchain.security.token-url=https://login.example.no/oauth2/token"
        })
class OpenApiDocumentTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    JsonNode document;

    @BeforeEach
    void read() {
        SignchainHttp.Response response =
                new SignchainHttp(port, simulator.root().toString()).get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
    }

    @Test
    void everyOperationDescribesItsErrorsAsProblems() {
        List<String> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                operations.add(name);
                JsonNode responses = operation.getValue().get("responses");
                assertThat(responses.has("400")).as("%s: 400", name).isTrue();
                assertThat(responses.has("500")).as("%s: 500", name).isTrue();
                for (Map.Entry<String, JsonNode> response : responses.properties()) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        assertThat(response.getValue()
                                        .at("/content/application~1problem+json/schema/$ref")
                                        .asString(""))
                                .as("%s %s", name, response.getKey())
                                .isEqualTo("#/components/schemas/Problem");
                    } else if (response.getValue().has("content")) {
                        assertThat(response.getValue().get("content").has("*/*"))
                                .as("%s %s: a media type, not */*", name, response.getKey())
                                .isFalse();
                    }
                }
                if (path.getKey().startsWith("/api/")) {
                    assertThat(responses.has("401") && responses.has("403"))
                            .as("%s: 401 and 403", name)
                            .isTrue();
                    assertThat(operation.getValue().at("/security/0/signchain").isArray())
                            .as("%s: its scope", name)
                            .isTrue();
                }
            }
        }
        assertThat(operations).contains("POST /api/v1/contracts", "POST /webhooks/signicat");
    }

    @Test
    void everyLifecycleControlTakesAnIdempotencyKeyHeader() {
        for (String control : List.of(
                "post /api/v1/contracts/{id}/cancel",
                "put /api/v1/contracts/{id}/signers/{index}",
                "patch /api/v1/contracts/{id}/signers/{index}",
                "post /api/v1/contracts/{id}/signers/{index}/remind")) {
            String[] methodAndPath = control.split(" ");
            JsonNode operation = document.get("paths").get(methodAndPath[1]).get(methodAndPath[0]);
            assertThat(operation
                            .get("parameters")
                            .valueStream()
                            .filter(p -> p.get("name").asString().equals("Idempotency-Key"))
                            .map(p -> p.get("in").asString() + " "
                                    + p.get("required").asBoolean(false) + " "
                                    + p.get("description").asString("")))
                    .as(control)
                    .containsExactly("header false repeated with the same key, the control acts at most once and"
                            + " answers as the first attempt did");
            assertThat(operation.at("/responses/409/description").asString()).contains("Idempotency-Key");
        }
    }

    @Test
    void theProblemSchemaIsRfc9457sWithInvalidParams() {
        JsonNode problem = document.at("/components/schemas/Problem/properties");
        assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "instance", "invalidParams");
    }

    @Test
    void clientsAuthenticateWithOAuth2ClientCredentialsAtTheConfiguredTokenUrl() {
        JsonNode scheme = document.at("/components/securitySchemes/signchain");
        assertThat(scheme.get("type").asString()).isEqualTo("oauth2");
        assertThat(scheme.at("/flows/clientCredentials/tokenUrl").asString())
                .isEqualTo("https://login.example.no/oauth2/token");
        assertThat(scheme.at("/flows/clientCredentials/scopes").propertyNames())
                .containsExactlyInAnyOrder("contracts:read", "contracts:write", "contracts:manage");
        assertThat(document.at("/paths/~1api~1v1~1contracts/post/security/0/signchain/0")
                        .asString())
                .isEqualTo("contracts:write");
        assertThat(document.at("/paths/~1api~1v1~1contracts~1{id}~1cancel/post/security/0/signchain/0")
                        .asString())
                .isEqualTo("contracts:manage");
        assertThat(document.at("/paths/~1webhooks~1signicat/post/security").isEmpty())
                .as("the webhook is authenticated by its signature")
                .isTrue();
    }

    @Test
    void theContractPartIsDescribedAsTheJsonItIs() {
        JsonNode form = document.at("/paths/~1api~1v1~1contracts/post/requestBody/content/multipart~1form-data");
        assertThat(form.at("/schema/properties/contract/$ref").asString())
                .isEqualTo("#/components/schemas/ContractSubmission");
        assertThat(form.at("/encoding/contract/contentType").asString()).isEqualTo("application/json");
    }
}
