package no.signchain.api.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SigningProviderChoiceTest {

    private final SigningProviderChoice choice = new SigningProviderChoice(
            new ProviderProperties("signicat-v2", Map.of("signicat-v2", true, "zignsec", false)));

    @Test
    void anEnabledProviderIsAccepted() {
        assertThat(choice.problemWith("signicat-v2")).isEmpty();
        assertThat(choice.defaultProvider()).isEqualTo("signicat-v2");
    }

    @Test
    void aKnownProviderSwitchedOffIsRefusedByName() {
        assertThat(choice.problemWith("zignsec"))
                .hasValue("provider 'zignsec' is not configured here; enabled: signicat-v2");
    }

    @Test
    void anUnknownProviderIsRefusedWithoutQuotingWhatWasSent() {
        assertThat(choice.problemWith("06046517928"))
                .hasValueSatisfying(reason ->
                        assertThat(reason).doesNotContain("06046517928").contains("known: signicat-v2, zignsec"));
    }

    @Test
    void aDefaultThatIsNotEnabledStopsTheStart() {
        assertThatThrownBy(() -> new SigningProviderChoice(
                        new ProviderProperties("zignsec", Map.of("signicat-v2", true, "zignsec", false))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SIGNCHAIN_DEFAULT_PROVIDER");
    }

    @Test
    void signApiV1SwitchedOffIsRefusedByNameAndSwitchedOnAccepted() {
        Map<String, Boolean> off = Map.of("signicat-v2", true, "zignsec", true, "signicat-v1", false);
        assertThat(new SigningProviderChoice(new ProviderProperties("signicat-v2", off)).problemWith("signicat-v1"))
                .hasValue("provider 'signicat-v1' is not configured here; enabled: signicat-v2, zignsec");

        Map<String, Boolean> on = Map.of("signicat-v2", true, "signicat-v1", true);
        assertThat(new SigningProviderChoice(new ProviderProperties("signicat-v1", on)).problemWith("signicat-v1"))
                .isEmpty();
    }
}
