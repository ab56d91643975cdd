package no.signchain.api.openapi;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Encoding;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import no.signchain.api.contract.ContractControlController;
import no.signchain.api.contract.ContractSubmission;
import no.signchain.api.contract.SignerSubmission;
import no.signchain.api.problem.StatusProblems;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document says what the API does, not only what succeeds: every error as
 * {@code application/problem+json} with the {@code Problem} schema, the success statuses the controllers answer, the
 * bodies they read (they read bytes, to decode them strictly, so springdoc cannot see the types), and how a client
 * authenticates: an OAuth2 client-credentials token with a scope per kind of call. Checked by schemathesis
 * ({@code deploy/local/schemathesis.sh}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String READ = "contracts:read";
    static final String WRITE = "contracts:write";
    static final String MANAGE = "contracts:manage";

    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String JSON = "application/json";
    private static final String CONTRACTS = "/api/v1/contracts";

    @Bean
    OpenAPI signchainOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("signchain")
                        .version("v1")
                        .description("Multi-party BankID contract signing. Errors are application/problem+json "
                                + "(RFC 9457), with invalidParams naming each field at fault."));
    }

    /**
     * @param tokenUrl where clients get a token ({@code signchain.security.token-url}); without one the scheme is a
     *                 bearer JWT from whatever issuer is configured
     */
    @Bean
    OpenApiCustomizer problemsAndSecurity(@Value("${signchain.security.token-url:}") String tokenUrl) {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.setComponents(components);
            components.addSchemas(PROBLEM, problemSchema());
            read(components, ContractSubmission.class);
            read(components, SignerSubmission.class);
            read(components, ContractControlController.CancelRequest.class);
            read(components, ContractControlController.DeadlineChange.class);
            components.addSecuritySchemes(SCHEME, securityScheme(tokenUrl));
            openApi.getPaths()
                    .forEach((path, item) ->
                            item.readOperationsMap().forEach((method, operation) -> describe(path, method, operation)));
        };
    }

    private static final String SCHEME = "signchain";
    private static final String SIGNICAT_V1_NOTIFICATIONS = "/webhooks/signicat-v1/";

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        successes(path, method, operation, responses);
        if (path.startsWith(SIGNICAT_V1_NOTIFICATIONS)) {
            // Authenticated by the secret in its URL: Sign API v1 signs nothing.
            operation.setSecurity(List.of());
            problems(
                    responses,
                    Map.of(
                            400, "requestId or taskId is missing or not an id, or message is not plain text",
                            401, "the secret in the URL is not the configured one",
                            500, StatusProblems.detail(500)));
            return;
        }
        if (path.startsWith("/webhooks/")) {
            // Authenticated by the delivery's HMAC signature, not a token.
            operation.setSecurity(List.of());
            problems(
                    responses,
                    Map.of(
                            400, "the delivery is not a usable event",
                            401, "the delivery's signature is missing, wrong or too old",
                            413, "the delivery is larger than signchain accepts",
                            500, StatusProblems.detail(500)));
            return;
        }
        operation.setSecurity(List.of(new SecurityRequirement().addList(SCHEME, scope(path, method))));
        Map<Integer, String> errors = new TreeMap<>(Map.of(
                400,
                "the request is malformed, or a field is invalid (named in invalidParams)",
                401,
                "no valid access token",
                403,
                "the access token lacks the scope " + scope(path, method),
                500,
                StatusProblems.detail(500)));
        if (path.contains("{")) {
            errors.put(404, "no such contract (or not one of this client's), or no such signer, version or delivery");
        }
        if (operation.getRequestBody() != null) {
            errors.put(413, StatusProblems.detail(413));
            errors.put(415, StatusProblems.detail(415));
        }
        if (method != PathItem.HttpMethod.GET) {
            errors.put(409, "the contract's state does not allow it now, or the reference was used for another");
            errors.put(503, "Temporal is unreachable for now; nothing was changed");
        }
        if (isControl(path, method)) {
            errors.put(
                    409,
                    "the contract's state does not allow it now, or the Idempotency-Key was used on this contract for"
                            + " another control or body");
            errors.put(
                    503,
                    "the contract's workflow did not take the control in time (Temporal or the workers are not"
                            + " answering); it may still take effect when they are back: read the events first");
        }
        if (path.endsWith("/document")) {
            errors.put(406, StatusProblems.detail(406));
            errors.put(
                    410, "the contract was erased (DELETE, or retention): its documents are gone, the hashes remain");
        }
        if (method == PathItem.HttpMethod.DELETE) {
            errors.put(409, "the contract is still active: cancel it first");
        }
        problems(responses, errors);
    }

    /** The statuses a call answers when it works, as its controller answers them, JSON always. */
    private static void successes(
            String path, PathItem.HttpMethod method, Operation operation, ApiResponses responses) {
        responses.values().forEach(ApiDocumentation::jsonForAnyMediaType);
        ApiResponse ok = responses.get("200");
        if (path.equals(CONTRACTS) && method == PathItem.HttpMethod.POST) {
            responses.addApiResponse("201", copy(ok, "the contract, created"));
            ok.setDescription("the contract submitted before with the same reference or idempotency key");
            operation.setRequestBody(submission());
        } else if (path.startsWith(SIGNICAT_V1_NOTIFICATIONS)) {
            // Signicat retries anything but 200 for 24 hours.
            ok.setDescription("stored, or a repeat of a stored notification");
            ok.setContent(null);
        } else if (path.startsWith("/webhooks/")) {
            responses.remove("200");
            responses.addApiResponse("204", new ApiResponse().description("stored, or a redelivery of a stored event"));
            operation.setRequestBody(new RequestBody()
                    .required(true)
                    .content(new Content().addMediaType(JSON, new MediaType().schema(new ObjectSchema()))));
        } else if (path.endsWith("/redeliver")) {
            responses.remove("200");
            responses.addApiResponse("202", copy(ok, "the delivery, pending again"));
        } else if (path.endsWith("/validation")) {
            ok.setContent(new Content().addMediaType(JSON, new MediaType().schema(new ObjectSchema())));
        } else if (path.endsWith("/document")) {
            ok.setContent(new Content()
                    .addMediaType("application/pdf", new MediaType().schema(new StringSchema().format("binary"))));
        }
        if (isControl(path, method) && operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(parameter -> "Idempotency-Key".equals(parameter.getName()))
                    .forEach(parameter -> parameter.setDescription(
                            "repeated with the same key, the control acts at most once and answers as the first"
                                    + " attempt did"));
        }
        if (isControl(path, method)) {
            responses.addApiResponse(
                    "202",
                    copy(
                            ok,
                            "the contract's workflow took the control but had not applied it in time; the events"
                                    + " will show it applied or refused"));
        }
        if (path.endsWith("/cancel")) {
            operation.setRequestBody(jsonBody("CancelRequest"));
        } else if (path.endsWith("/signers/{index}") && method == PathItem.HttpMethod.PUT) {
            operation.setRequestBody(jsonBody("SignerSubmission"));
        } else if (path.endsWith("/signers/{index}") && method == PathItem.HttpMethod.PATCH) {
            operation.setRequestBody(jsonBody("DeadlineChange"));
        }
    }

    /** A lifecycle control: a Temporal update on the contract's workflow. */
    private static boolean isControl(String path, PathItem.HttpMethod method) {
        return path.endsWith("/cancel")
                || path.endsWith("/remind")
                || (path.endsWith("/signers/{index}")
                        && (method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.PATCH));
    }

    private static void jsonForAnyMediaType(ApiResponse response) {
        if (response.getContent() != null && response.getContent().containsKey("*/*")) {
            MediaType any = response.getContent().remove("*/*");
            response.getContent().addMediaType(JSON, any);
        }
    }

    private static ApiResponse copy(ApiResponse ok, String description) {
        return new ApiResponse().description(description).content(ok.getContent());
    }

    private static void problems(ApiResponses responses, Map<Integer, String> errors) {
        errors.forEach((status, description) -> responses.addApiResponse(
                Integer.toString(status),
                new ApiResponse()
                        .description(description)
                        .content(new Content()
                                .addMediaType(
                                        PROBLEM_JSON,
                                        new MediaType()
                                                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))));
    }

    private static String scope(String path, PathItem.HttpMethod method) {
        if (method == PathItem.HttpMethod.GET) {
            return READ;
        }
        return path.equals(CONTRACTS) ? WRITE : MANAGE;
    }

    /** RFC 9457's members, and signchain's invalidParams. */
    private static Schema<?> problemSchema() {
        Schema<?> invalidParam = new ObjectSchema()
                .addProperty("name", new StringSchema().description("the field, e.g. signers[1].nationalId"))
                .addProperty("reason", new StringSchema());
        return new ObjectSchema()
                .description("An error, as RFC 9457 describes it; nothing in it quotes the request.")
                .addProperty("type", new StringSchema().format("uri-reference"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("invalidParams", new ArraySchema().items(invalidParam))
                .required(List.of("title", "status"));
    }

    private static SecurityScheme securityScheme(String tokenUrl) {
        if (tokenUrl == null || tokenUrl.isBlank()) {
            return new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .bearerFormat("JWT")
                    .description("A JWT from the configured issuer, with the scopes " + READ + ", " + WRITE + " and "
                            + MANAGE + " as each call needs.");
        }
        return new SecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("OAuth2 client credentials: a business system gets a token with the scopes it needs.")
                .flows(new OAuthFlows()
                        .clientCredentials(new OAuthFlow()
                                .tokenUrl(tokenUrl)
                                .scopes(new Scopes()
                                        .addString(WRITE, "submit contracts")
                                        .addString(READ, "read contracts and download their documents")
                                        .addString(
                                                MANAGE,
                                                "cancel, replace signers, move deadlines, remind, "
                                                        + "redeliver callbacks, erase"))));
    }

    private static RequestBody submission() {
        Schema<?> form = new ObjectSchema()
                .addProperty("document", new StringSchema().format("binary").description("the PDF to sign"))
                .addProperty("contract", new Schema<>().$ref("#/components/schemas/ContractSubmission"))
                .required(List.of("document", "contract"));
        return new RequestBody()
                .required(true)
                .content(new Content()
                        .addMediaType(
                                "multipart/form-data",
                                new MediaType()
                                        .schema(form)
                                        .addEncoding("contract", new Encoding().contentType(JSON))
                                        .addEncoding("document", new Encoding().contentType("application/pdf"))));
    }

    private static RequestBody jsonBody(String schema) {
        return new RequestBody()
                .required(true)
                .content(new Content()
                        .addMediaType(
                                JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema))));
    }

    private static void read(Components components, Class<?> type) {
        ModelConverters.getInstance().readAll(type).forEach(components::addSchemas);
    }
}
