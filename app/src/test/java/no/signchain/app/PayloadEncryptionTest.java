package no.signchain.app;

import static no.signchain.app.Contracts.THREE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.protection.EncryptionCodec;
import no.signchain.workflows.contract.ContractWorkflow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * What Temporal keeps of a contract is encrypted: a finished three-signer contract's history, read raw from the
 * server (no codec), holds no signing link, name, identity number or e-mail address, and every payload in it (search
 * attributes aside, which Temporal must index) is {@code binary/encrypted} with its key id. The codec endpoints give
 * the Web UI back what the workflow saw, and a browser on the configured Web UI origin may call them.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // A task queue of its own: on a shared real Temporal server, other test contexts' workers (with
            // their own database and simulator) must not pick up this context's tasks.
            "signchain.temporal.task-queue=encryption-test",
            "signchain.contracts.reconcile-interval=PT2S"
        })
class PayloadEncryptionTest {

    private static final String WEB_UI = "http://127.0.0.1:8233";

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    WorkflowServiceStubs service;

    @Autowired
    EncryptionCodec codec;

    @Value("${spring.temporal.namespace}")
    String namespace;

    private final RestClient rest = RestClient.create();

    @Test
    void aFinishedContractsHistoryHoldsNoLinkNameOrIdentityNumberInClear() throws Exception {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        http.resetSimulatorKnobs();
        SignchainHttp.Response submitted =
                http.submit(Contracts.jsonWithEmails("Loan agreement", THREE), TestPdfs.contract("Loan agreement"));
        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.json().get("id").asString();
        List<String> links = new ArrayList<>();
        for (int signer = 1; signer <= 3; signer++) {
            String link = http.awaitSignatureUrl(id, signer);
            links.add(link);
            http.decide(link, "sign");
        }
        http.awaitStatus(id, "COMPLETED");

        History raw = rawHistory(ContractWorkflow.workflowId(id));
        assertThat(raw.getEventsCount()).isGreaterThan(10);
        String bytes = raw.toByteString().toString(StandardCharsets.ISO_8859_1);
        String json = JsonFormat.printer().print(raw);
        List<String> secrets = new ArrayList<>(links);
        for (Contracts.TestSigner signer : THREE) {
            secrets.add(signer.name());
            secrets.add(signer.nationalId());
            secrets.add(Contracts.email(signer));
        }
        for (String secret : secrets) {
            assertThat(bytes).as("the raw history").doesNotContain(secret);
            assertThat(json).as("the raw history as JSON").doesNotContain(secret);
        }
        // Progress is recorded by local activities, whose markers the payload walk below looks into.
        assertThat(raw.getEventsList())
                .anyMatch(e -> e.hasMarkerRecordedEventAttributes()
                        && e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"));
        List<Payload> payloads = new ArrayList<>();
        collectPayloads(raw, payloads);
        assertThat(payloads).as("payloads in the history").hasSizeGreaterThan(10);
        assertThat(payloads).allSatisfy(p -> {
            assertThat(p.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
            assertThat(p.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("dev");
        });

        // The check can fail: decrypted (as the workers and the API see them), the payloads do hold the links.
        String clearText = codec.decode(payloads).stream()
                .map(p -> p.getData().toStringUtf8())
                .reduce("", String::concat);
        assertThat(clearText).contains(links.get(0), links.get(2));

        // The codec endpoints, as the Web UI calls them: decode what the server holds, encode it again.
        String encrypted = JsonFormat.printer()
                .print(Payloads.newBuilder().addAllPayloads(payloads).build());
        Payloads viaDecode = codec("/codec/decode", encrypted);
        assertThat(viaDecode.getPayloadsCount()).isEqualTo(payloads.size());
        assertThat(viaDecode.getPayloadsList())
                .noneMatch(p -> p.getMetadataOrDefault("encoding", ByteString.EMPTY)
                        .toStringUtf8()
                        .equals("binary/encrypted"));
        assertThat(viaDecode.getPayloadsList().stream()
                        .map(p -> p.getData().toStringUtf8())
                        .reduce("", String::concat))
                .contains(links.get(1));
        Payloads reencoded = codec("/codec/encode", JsonFormat.printer().print(viaDecode));
        assertThat(reencoded.getPayloadsList())
                .allMatch(p -> p.getMetadataOrThrow("encoding").toStringUtf8().equals("binary/encrypted"))
                .noneMatch(payloads::contains); // a fresh nonce each time
        assertThat(codec("/codec/decode", JsonFormat.printer().print(reencoded)))
                .isEqualTo(viaDecode);
        // Plain payloads pass through decode unchanged.
        assertThat(codec("/codec/decode", JsonFormat.printer().print(viaDecode)))
                .isEqualTo(viaDecode);
    }

    @Test
    void theCodecEndpointsAnswerTheConfiguredWebUiOriginOnly() {
        var allowed = rest.method(HttpMethod.OPTIONS)
                .uri("http://127.0.0.1:" + port + "/codec/decode")
                .header("Origin", WEB_UI)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-namespace,authorization")
                .retrieve()
                .toBodilessEntity();
        assertThat(allowed.getStatusCode().value()).isEqualTo(200);
        assertThat(allowed.getHeaders().getAccessControlAllowOrigin()).isEqualTo(WEB_UI);
        assertThat(allowed.getHeaders().getAccessControlAllowHeaders())
                .map(String::toLowerCase)
                .contains("x-namespace", "authorization");

        int refused = rest.method(HttpMethod.OPTIONS)
                .uri("http://127.0.0.1:" + port + "/codec/decode")
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(refused).isEqualTo(403);

        int notPayloads = rest.post()
                .uri("http://127.0.0.1:" + port + "/codec/decode")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"payloads\": 42}")
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(notPayloads).isEqualTo(400);
    }

    private Payloads codec(String path, String body) {
        String answer = rest.post()
                .uri("http://127.0.0.1:" + port + path)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Namespace", namespace)
                .header("Origin", WEB_UI)
                .body(body)
                .retrieve()
                .body(String.class);
        Payloads.Builder payloads = Payloads.newBuilder();
        try {
            JsonFormat.parser().merge(answer, payloads);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("not payloads: " + answer, e);
        }
        return payloads.build();
    }

    /** The history as the server keeps it: through the service stubs, with no data converter or codec. */
    private History rawHistory(String workflowId) {
        History.Builder history = History.newBuilder();
        ByteString page = ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse response = service.blockingStub()
                    .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                            .setNamespace(namespace)
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .setNextPageToken(page)
                            .build());
            history.addAllEvents(response.getHistory().getEventsList());
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        return history.build();
    }

    /**
     * What the SDK writes into a local activity's marker with its standard converter, outside the codec: the activity
     * id, its type, the time and the attempt. The activity's result (and arguments, when a marker carries them) go
     * through the codec.
     */
    private static final Set<String> LOCAL_ACTIVITY_BOOKKEEPING = Set.of("activityId", "type", "time", "meta");

    /**
     * Every payload anywhere in a message, except search attributes (indexed by Temporal, so never encrypted), the
     * SDK's version markers (a {@code Workflow.getVersion} change id and number, written by the SDK with its standard
     * converter) and a local activity marker's bookkeeping ({@link #LOCAL_ACTIVITY_BOOKKEEPING}); the raw checks above
     * cover what those hold.
     */
    private static void collectPayloads(Message message, List<Payload> into) {
        if (message instanceof Payload payload) {
            into.add(payload);
            return;
        }
        if (message instanceof MarkerRecordedEventAttributes marker
                && marker.getMarkerName().equals("LocalActivity")) {
            marker.getDetailsMap().forEach((key, payloads) -> {
                if (!LOCAL_ACTIVITY_BOOKKEEPING.contains(key)) {
                    collectPayloads(payloads, into);
                }
            });
            if (marker.hasFailure()) {
                collectPayloads(marker.getFailure(), into);
            }
            return;
        }
        // Headers carry the trace context the tracing interceptors propagate (trace and span ids, nothing of the
        // contract); the SDK writes them with its own converter, outside the codec. The raw-bytes check above still
        // covers them.
        if (message instanceof SearchAttributes
                || message instanceof Header
                || (message instanceof MarkerRecordedEventAttributes marker
                        && marker.getMarkerName().equals("Version"))) {
            return;
        }
        for (Map.Entry<Descriptors.FieldDescriptor, Object> field :
                message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.getKey().isRepeated()) {
                for (Object element : (List<?>) field.getValue()) {
                    collectPayloads((Message) element, into);
                }
            } else {
                collectPayloads((Message) field.getValue(), into);
            }
        }
    }
}
