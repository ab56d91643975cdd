package no.signchain.simulator.signicatv1;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.json;
import static no.signchain.simulator.SimClient.samplePdf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import no.signchain.simulator.ApiTestBase;
import org.junit.jupiter.api.Test;

/** The simulator's Sign API v1 part refuses what Signicat would, naming the field, and needs a token. */
class SignicatV1ApiTest extends ApiTestBase {

    private static final String ROOT = "/signicat-v1/sign";

    @Test
    void withoutATokenEveryCallIs401() {
        HttpResponse<String> r = sim.send(HttpRequest.newBuilder(URI.create(sim.base + ROOT + "/orders/any"))
                .GET()
                .build());
        assertEquals(401, r.statusCode(), r.body());
    }

    @Test
    void anOrderNamingADocumentNotInSessionDataStorageIs400() {
        HttpResponse<String> r = sim.postJson(ROOT + "/orders", order("no-such-document", AKSEL, "nbid-sign"));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("tasks[].documents[].documentRef"), r.body());
    }

    @Test
    void anOrderWithoutBankIdSigningOrWithABadNumberIs400AndDoesNotQuoteIt() {
        String document = upload();

        HttpResponse<String> noBankId = sim.postJson(ROOT + "/orders", order(document, AKSEL, "sbid-sign"));
        HttpResponse<String> badNumber = sim.postJson(ROOT + "/orders", order(document, "1234567890", "nbid-sign"));

        assertEquals(400, noBankId.statusCode(), noBankId.body());
        assertTrue(noBankId.body().contains("tasks[].signatureMethods"), noBankId.body());
        assertEquals(400, badNumber.statusCode(), badNumber.body());
        assertTrue(badNumber.body().contains("tasks[].subject.nationalId"), badNumber.body());
        assertTrue(!badNumber.body().contains("1234567890"), badNumber.body());
    }

    @Test
    void anOrderIsAnsweredWithEachTasksSigningUrlAndItsStatusStartsCreated() {
        HttpResponse<String> created = sim.postJson(ROOT + "/orders", order(upload(), AKSEL, "nbid-sign"));
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).get("id").stringValue();
        String url = json(created).get("tasks").get(0).get("signingUrl").stringValue();

        assertEquals(sim.base + "/signicat-v1/std/docaction?request_id=" + id + "&task_id=1", url);
        HttpResponse<String> status = sim.get(ROOT + "/orders/" + id + "/tasks/1/status");
        assertEquals("created", json(status).get("taskStatus").stringValue(), status.body());
    }

    @Test
    void theControlApiListsEachTaskWithItsReferenceAndEachNotificationButNoNationalId() {
        String order = """
                {"clientReference":"signchain:c-1:1:1","tasks":[{"id":"1","subject":{"nationalId":"%s"},
                 "daysToLive":5,"documents":[{"id":"doc-1","action":"SIGN","source":"SESSION","documentRef":"%s"}],
                 "signatureMethods":[{"name":"nbid-sign","type":"SIGNED_STATEMENT"}],
                 "notifications":[{"id":"n","recipient":"http://127.0.0.1:1/hook","message":"created","type":"URL",
                  "schedule":[{"triggerStatus":"CREATED"}]}]}]}""".formatted(AKSEL, upload());
        HttpResponse<String> created = sim.postJson(ROOT + "/orders", order);
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).get("id").stringValue();

        HttpResponse<String> tasks = sim.get("/simulator/control/signicat-v1/tasks");
        HttpResponse<String> notifications = sim.get("/simulator/control/signicat-v1/notifications");

        assertTrue(
                tasks.body()
                        .contains("{\"id\":\"" + id + ":1\",\"externalReference\":\"signchain:c-1:1:1\","
                                + "\"state\":\"CREATED\",\"signed\":false,\"withdrawn\":false"),
                tasks.body());
        assertTrue(
                notifications
                        .body()
                        .contains("{\"requestId\":\"" + id
                                + "\",\"taskId\":\"1\",\"message\":\"created\",\"dropped\":false}"),
                notifications.body());
        assertTrue(!tasks.body().contains(AKSEL) && !notifications.body().contains(AKSEL), tasks.body());
    }

    private String upload() {
        HttpResponse<String> r = sim.send(sim.api(ROOT + "/documents")
                .header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(samplePdf("v1")))
                .build());
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("documentId").stringValue();
    }

    private static String order(String documentRef, String nin, String method) {
        return """
                {"clientReference":"ref-1","tasks":[{"id":"1","subject":{"nationalId":"%s"},"daysToLive":5,
                 "documents":[{"id":"doc-1","action":"SIGN","source":"SESSION","documentRef":"%s"}],
                 "signatureMethods":[{"name":"%s","type":"SIGNED_STATEMENT"}]}]}""".formatted(nin, documentRef, method);
    }
}
