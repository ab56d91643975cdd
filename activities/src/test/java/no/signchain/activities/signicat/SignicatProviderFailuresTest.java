package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.signchain.activities.provider.SigningProviderException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which of Signicat's refusals end a contract, and which make it wait for an operator or for Signicat. */
class SignicatProviderFailuresTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeSignicat signicat;
    SignicatSigningProvider provider;

    @BeforeEach
    void setUp() {
        signicat = FakeSignicat.on(server);
        provider = new SignicatSigningProvider(FakeSignicat.client(server));
    }

    @Test
    void aBadRequestIsPermanent() {
        signicat.enqueue(FakeSignicat.problem(400, "{\"status\":400,\"code\":\"validation_error\"}"));

        assertThat(readFailure().isPermanent()).isTrue();
    }

    @Test
    void refusedPermissionsWaitForAnOperatorInsteadOfEndingContracts() {
        signicat.enqueue(FakeSignicat.problem(403, "{\"status\":403,\"code\":\"missing_permission\"}"));
        assertThat(readFailure().isPermanent()).isFalse();

        signicat.enqueueToken(FakeSignicat.json(400, "{\"error\":\"invalid_client\"}"));
        assertThat(readFailure().isPermanent()).isFalse();
    }

    @Test
    void anUnreadableAnswerIsRetriedSinceTheCallMayHaveWorked() {
        signicat.enqueueJson(200, "{\"id\": \"s1\", broken");

        assertThat(readFailure().isPermanent()).isFalse();
    }

    private SigningProviderException readFailure() {
        return catchThrowableOfType(SigningProviderException.class, () -> provider.readSession("s1"));
    }
}
