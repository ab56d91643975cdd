package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.JSON;
import static no.signchain.simulator.SimClient.await;
import static no.signchain.simulator.SimClient.json;
import static no.signchain.simulator.SimClient.samplePdf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventsTest extends ApiTestBase {

    private static final String SECRET = "whsec-test-secret";

    @AfterEach
    void cleanUp() {
        sim.control("DELETE", "/subscriptions", null);
        sim.control("PUT", "/knobs", "{\"duplicateEvents\": false, \"dropEventRate\": 0, \"reorderBatchSize\": 0}");
    }

    private List<JsonNode> eventsFor(WebhookReceiver receiver, String sessionId, String eventName) {
        return receiver.received.stream()
                .map(r -> JSON.readTree(r.body()))
                .filter(e ->
                        e.get("eventData").get("signingSessionId").stringValue().equals(sessionId)
                                && e.get("eventName").stringValue().equals(eventName))
                .toList();
    }

    private static String hmacHex(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void createdAndCompletedEventsAreDeliveredWithAValidHmacAndRetriedUntil2xx() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.failFirst.set(2);
            assertEquals(
                    201,
                    sim.control(
                                    "POST",
                                    "/subscriptions",
                                    "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\"}")
                            .statusCode());

            JsonNode s = sim.createSession(samplePdf("events"), AKSEL, "ev-ref-1");
            String id = s.get("id").stringValue();
            // the first two deliveries get 500; the third attempt succeeds
            await(Duration.ofSeconds(10), "created event retried until 2xx", () -> receiver.received.size() >= 3);
            List<JsonNode> created = eventsFor(receiver, id, "sign.session.created");
            assertEquals(3, created.size(), "delivered three times (two failures, one success)");
            assertEquals(
                    1,
                    created.stream()
                            .map(e -> e.get("id").stringValue())
                            .distinct()
                            .count(),
                    "same envelope id");

            JsonNode e = created.get(0);
            assertTrue(e.get("id").stringValue().matches("[0-9a-f-]{36}"));
            assertEquals("signicat.sign", e.get("sender").stringValue());
            assertEquals("READY", e.get("eventData").get("state").stringValue());
            assertEquals("ev-ref-1", e.get("eventData").get("externalReference").stringValue());
            assertTrue(e.get("accountId").stringValue().startsWith("a-sim-"));
            assertTrue(e.get("organizationId").isNull());
            assertTrue(e.get("tags").isArray());
            assertEquals(
                    Duration.ofHours(24),
                    Duration.between(
                            Instant.parse(e.get("timestamp").stringValue()),
                            Instant.parse(e.get("expiresAt").stringValue())));

            for (WebhookReceiver.Received r : receiver.received) {
                assertTrue(r.contentType().startsWith("application/json"));
                assertNotNull(r.signatureHeader());
                Matcher m = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})").matcher(r.signatureHeader());
                assertTrue(m.matches(), r.signatureHeader());
                long t = Long.parseLong(m.group(1));
                assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 60);
                assertEquals(
                        hmacHex(SECRET, m.group(1) + "." + new String(r.body(), StandardCharsets.UTF_8)), m.group(2));
            }

            sim.decide(s.get("signatureUrl").stringValue(), "sign", "application/json");
            await(
                    Duration.ofSeconds(10),
                    "completed event",
                    () -> !eventsFor(receiver, id, "sign.session.completed").isEmpty());
            assertEquals(
                    "SIGNED",
                    eventsFor(receiver, id, "sign.session.completed")
                            .get(0)
                            .get("eventData")
                            .get("state")
                            .stringValue());

            JsonNode stats = json(sim.control("GET", "/events", null));
            assertTrue(stats.get("failedAttempts").asLong() >= 2);
            assertTrue(stats.get("delivered").asLong() >= 2);
        }
    }

    @Test
    void duplicateKnobDeliversEveryEventTwice() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            sim.control("POST", "/subscriptions", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\"}");
            assertEquals(
                    200,
                    sim.control("PUT", "/knobs", "{\"duplicateEvents\": true}").statusCode());
            JsonNode s = sim.createSession(samplePdf("dup"), AKSEL, "dup-1");
            String id = s.get("id").stringValue();
            await(
                    Duration.ofSeconds(10),
                    "two deliveries",
                    () -> eventsFor(receiver, id, "sign.session.created").size() >= 2);
            Thread.sleep(300);
            List<JsonNode> created = eventsFor(receiver, id, "sign.session.created");
            assertEquals(2, created.size());
            assertEquals(
                    created.get(0).get("id").stringValue(),
                    created.get(1).get("id").stringValue());
        }
    }

    @Test
    void dropKnobDropsEvents() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            sim.control("POST", "/subscriptions", "{\"url\":\"" + receiver.url() + "\"}");
            long droppedBefore =
                    json(sim.control("GET", "/events", null)).get("dropped").asLong();
            sim.control("PUT", "/knobs", "{\"dropEventRate\": 1.0}");
            JsonNode s = sim.createSession(samplePdf("drop"), AKSEL, "drop-1");
            assertEquals(
                    200,
                    sim.control("POST", "/sessions/" + s.get("id").stringValue() + "/expire", null)
                            .statusCode());
            // created and expired: both counted as dropped, none delivered
            await(
                    Duration.ofSeconds(10),
                    "two dropped events",
                    () -> json(sim.control("GET", "/events", null))
                                    .get("dropped")
                                    .asLong()
                            >= droppedBefore + 2);
            Thread.sleep(300); // a delivery that slipped through would have arrived by now
            assertTrue(receiver.received.isEmpty());
            assertEquals(
                    droppedBefore + 2,
                    json(sim.control("GET", "/events", null)).get("dropped").asLong());
        }
    }

    @Test
    void deletingASessionEmitsAnEvent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            sim.control("POST", "/subscriptions", "{\"url\":\"" + receiver.url() + "\"}");
            JsonNode s = sim.createSession(samplePdf("delete"), AKSEL, "del-1");
            String id = s.get("id").stringValue();
            assertEquals(204, sim.delete("/sign/signing-sessions/" + id).statusCode());
            await(
                    Duration.ofSeconds(10),
                    "deleted event",
                    () -> !eventsFor(receiver, id, "sign.session.deleted").isEmpty());
            assertEquals(
                    "DELETED",
                    eventsFor(receiver, id, "sign.session.deleted")
                            .get(0)
                            .get("eventData")
                            .get("state")
                            .stringValue());
            assertTrue(
                    receiver.received.stream().allMatch(r -> r.signatureHeader() == null),
                    "no secret, no signature header");
        }
    }

    @Test
    void reorderKnobSendsABatchInReverseOrder() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            sim.control("POST", "/subscriptions", "{\"url\":\"" + receiver.url() + "\"}");
            sim.control("PUT", "/knobs", "{\"reorderBatchSize\": 3, \"reorderMaxHold\": \"PT10S\"}");
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(sim.createSession(samplePdf("reorder"), AKSEL, "reorder-" + i)
                        .get("id")
                        .stringValue());
            }
            await(Duration.ofSeconds(10), "three deliveries", () -> receiver.received.size() >= 3);
            List<String> order = receiver.received.stream()
                    .map(r -> JSON.readTree(r.body())
                            .get("eventData")
                            .get("signingSessionId")
                            .stringValue())
                    .toList();
            assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), order);
        }
    }
}
