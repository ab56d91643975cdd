package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/**
 * The choice of infrastructure, without starting any. The containers themselves are started by CI, which runs the
 * end-to-end tests once more with {@code SIGNCHAIN_TEST_INFRASTRUCTURE=testcontainers} against podman's socket.
 */
class TestInfrastructureTest {

    @Test
    void embeddedIsTheDefaultAndAsksNothingOfDocker() {
        AtomicInteger dockerAsked = new AtomicInteger();
        GenericApplicationContext context = contextWith(null);

        new TestInfrastructure(() -> dockerAsked.incrementAndGet() > 0).initialize(context);

        assertThat(dockerAsked).hasValue(0);
        assertThat(context.getEnvironment().getPropertySources().contains("signchainTestcontainers"))
                .isFalse();
        assertThat(TestInfrastructure.source(" Embedded ")).isEqualTo(TestInfrastructure.Source.EMBEDDED);
    }

    @Test
    void testcontainersWithoutDockerFailsSayingWhatToDo() {
        GenericApplicationContext context = contextWith("testcontainers");

        assertThatThrownBy(() -> new TestInfrastructure(() -> false).initialize(context))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SIGNCHAIN_TEST_INFRASTRUCTURE")
                .hasMessageContaining("needs a Docker engine");
    }

    @Test
    void configuredAddressesWinOverContainers() {
        GenericApplicationContext context = contextWith("testcontainers");
        MockEnvironment env = (MockEnvironment) context.getEnvironment();
        env.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5433/signchain");
        env.setProperty("spring.temporal.connection.target", "127.0.0.1:7233");

        new TestInfrastructure(() -> true).initialize(context);

        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://127.0.0.1:5433/signchain");
        assertThat(env.getProperty("spring.temporal.connection.target")).isEqualTo("127.0.0.1:7233");
    }

    @Test
    void anUnknownChoiceNamesTheAllowedOnes() {
        assertThatThrownBy(() -> TestInfrastructure.source("docker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'docker'")
                .hasMessageContaining("'embedded'")
                .hasMessageContaining("'testcontainers'");
    }

    private static GenericApplicationContext contextWith(String setting) {
        MockEnvironment env = new MockEnvironment();
        if (setting != null) {
            env.setProperty(TestInfrastructure.SETTING, setting);
        }
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(env);
        return context;
    }
}
