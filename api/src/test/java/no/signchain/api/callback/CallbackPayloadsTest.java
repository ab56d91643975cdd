package no.signchain.api.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import no.signchain.store.callback.CallbackEventType;
import no.signchain.store.callback.UndispatchedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallbackPayloadsTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00.120Z");
    private static final String CONTRACT = "7c3a1b52-8e1f-4b5e-9a43-5b1d2f0c9e11";

    @Test
    void aSignerEventNamesTheSignerAndASessionOpeningCarriesItsUrl() {
        UndispatchedEvent opened = event(
                CallbackEventType.SIGNER_SESSION_OPENED,
                "loan-42",
                2,
                "Ole Bramserud",
                "https://sign.example/s2",
                null);

        assertThat(CallbackPayloads.render(opened))
                .isEqualTo("{\"type\":\"signer.session_opened\",\"timestamp\":\"2026-03-01T10:00:00.120Z\","
                        + "\"data\":{\"contractId\":\"" + CONTRACT + "\",\"externalRef\":\"loan-42\",\"signerIndex\":2,"
                        + "\"signerName\":\"Ole Bramserud\",\"signatureUrl\":\"https://sign.example/s2\"}}");
    }

    @Test
    void aContractEventLeavesOutWhatItDoesNotHave() {
        UndispatchedEvent failed =
                event(CallbackEventType.CONTRACT_FAILED, null, null, null, null, "signature 2 belongs to someone else");

        assertThat(CallbackPayloads.render(failed))
                .isEqualTo("{\"type\":\"contract.failed\",\"timestamp\":\"2026-03-01T10:00:00.120Z\",\"data\":{"
                        + "\"contractId\":\"" + CONTRACT + "\",\"reason\":\"signature 2 belongs to someone else\"}}");
    }

    @ParameterizedTest
    @EnumSource(CallbackEventType.class)
    void everyTypeRendersUnderItsWireName(CallbackEventType type) {
        assertThat(CallbackPayloads.render(event(type, "ref", 1, "Aksel Herseth", null, null)))
                .startsWith("{\"type\":\"" + type.wireName() + "\"");
        assertThat(CallbackEventType.ofWireName(type.wireName())).contains(type);
    }

    @Test
    void theWebhookIdIsTheEventsUuidWithoutDashes() {
        assertThat(CallbackPayloads.webhookId(CONTRACT)).isEqualTo("msg_7c3a1b528e1f4b5e9a435b1d2f0c9e11");
    }

    private static UndispatchedEvent event(
            CallbackEventType type,
            String externalRef,
            Integer signerIndex,
            String signerName,
            String signatureUrl,
            String reason) {
        return new UndispatchedEvent(
                1, CONTRACT, CONTRACT, externalRef, null, type, AT, signerIndex, signerName, signatureUrl, reason);
    }
}
