package no.signchain.api.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class CallbackSignerTest {

    /** The Standard Webhooks specification's example: secret, id, timestamp, body and the signature they give. */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final Instant SPEC_TIMESTAMP = Instant.ofEpochSecond(1614265330);
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsExampleAsItSays() {
        Map<String, String> headers =
                new CallbackSigner(List.of(SPEC_SECRET)).headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);

        assertThat(headers)
                .containsExactly(
                        Map.entry("webhook-id", SPEC_ID),
                        Map.entry("webhook-timestamp", "1614265330"),
                        Map.entry("webhook-signature", SPEC_SIGNATURE));
    }

    @Test
    void duringARotationBothSecretsSignAndAReceiverWithEitherVerifies() throws Exception {
        String next = CallbackSigner.newSecret();
        CallbackSigner signer = new CallbackSigner(List.of(SPEC_SECRET, next));
        String body = "{\"type\":\"contract.started\",\"data\":{\"contractId\":\"c\",\"signerName\":\"Åse Ødegård\"}}";

        Map<String, String> headers = signer.headers("msg_1", Instant.now(), body);

        assertThat(headers.get("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        Map<String, List<String>> received = Map.of(
                "webhook-id", List.of(headers.get("webhook-id")),
                "webhook-timestamp", List.of(headers.get("webhook-timestamp")),
                "webhook-signature", List.of(headers.get("webhook-signature")));
        new Webhook(SPEC_SECRET).verify(body, received);
        new Webhook(next).verify(body, received);
        assertThatThrownBy(() -> new Webhook(CallbackSigner.newSecret()).verify(body, received))
                .hasMessageContaining("No matching signature");
    }

    @Test
    void withoutSecretsNothingIsSentUnlessOneMayBeMadeUpAndSubscriptionsNeedSecrets() {
        CallbackSigning off = CallbackSigning.from(settings(List.of(), List.of(), false));
        CallbackSigning demo = CallbackSigning.from(settings(List.of(), List.of(), true));
        CallbackSigning configured = CallbackSigning.from(settings(List.of(SPEC_SECRET), List.of(), true));

        assertThat(off.enabled()).isFalse();
        assertThat(new CallbackUrlCheck(off, new CallbackTargets(false)).problemWith("https://93.184.215.14/hook"))
                .contains("callbacks are not configured on this signchain (it has no secret to sign them with)");
        assertThat(demo.enabled()).isTrue();
        assertThat(demo.madeUpSecret())
                .hasValueSatisfying(secret -> assertThat(secret).startsWith("whsec_"));
        assertThat(configured.madeUpSecret()).isEmpty();
        assertThatThrownBy(() -> CallbackSigning.from(settings(List.of(), List.of("https://b.example/hook"), false)))
                .hasMessageContaining("no signchain.callbacks.secrets");
    }

    @Test
    void retryingForLessThanADayIsRefusedAtStart() {
        assertThatThrownBy(() -> new CallbackProperties(
                        List.of(),
                        List.of(),
                        false,
                        false,
                        Duration.ofHours(23),
                        Duration.ofSeconds(5),
                        Duration.ofHours(1),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(15),
                        DataSize.ofKilobytes(64),
                        4))
                .hasMessage("signchain.callbacks.retry-for must be at least PT24H, is PT23H");
    }

    private static CallbackProperties settings(List<String> secrets, List<String> subscriptions, boolean makeUp) {
        return new CallbackProperties(
                secrets,
                subscriptions,
                false,
                makeUp,
                Duration.ofDays(1),
                Duration.ofSeconds(5),
                Duration.ofHours(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(15),
                DataSize.ofKilobytes(64),
                4);
    }

    @Test
    void aSecretThatIsNotAStandardWebhooksSecretIsRefusedWithoutBeingQuoted() {
        String noPrefix = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String tooShort = "whsec_c2hvcnQ=";
        String notBase64 = "whsec_not*base64*at*all*not*base64";

        assertThatThrownBy(() -> new CallbackSigner(List.of(SPEC_SECRET, noPrefix)))
                .hasMessage("signchain.callbacks.secrets[1] must start with whsec_ (Standard Webhooks secrets do)");
        assertThatThrownBy(() -> new CallbackSigner(List.of(tooShort)))
                .hasMessage("signchain.callbacks.secrets[0] must encode 24 to 64 bytes, not 5")
                .message()
                .doesNotContain(tooShort);
        assertThatThrownBy(() -> new CallbackSigner(List.of(notBase64)))
                .hasMessage("signchain.callbacks.secrets[0] must be whsec_ followed by base64");
        assertThat(CallbackSigner.newSecret()).startsWith("whsec_").hasSize(6 + 44);
    }
}
