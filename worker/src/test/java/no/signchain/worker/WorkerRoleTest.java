package no.signchain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The activities role restates the worker in its own profile document (Spring Boot takes a list whole from one
 * place), so the two copies must not drift: an activity bean missing from the role's copy would stall every contract
 * at that activity.
 */
class WorkerRoleTest {

    private static final String WORKER = "spring.temporal.workers[0].";

    @Test
    void theActivitiesRoleRunsEveryActivityOfTheFullWorkerAndNoWorkflow() throws IOException {
        List<PropertySource<?>> documents = new YamlPropertySourceLoader()
                .load("signchain-worker.yml", new ClassPathResource("signchain-worker.yml"));
        PropertySource<?> all = documents.getFirst();
        PropertySource<?> activities = documents.stream()
                .filter(d -> "signchain-role-activities".equals(d.getProperty("spring.config.activate.on-profile")))
                .findFirst()
                .orElseThrow();

        assertThat(strings(all, WORKER + "activity-beans"))
                .isNotEmpty()
                .isEqualTo(strings(activities, WORKER + "activity-beans"));
        assertThat(strings(all, WORKER + "workflow-classes")).isNotEmpty();
        assertThat(strings(activities, WORKER + "workflow-classes")).isEmpty();
        assertThat(activities.getProperty(WORKER + "task-queue")).isEqualTo(all.getProperty(WORKER + "task-queue"));
        assertThat(activities.getProperty(WORKER + "capacity.max-concurrent-activity-executors"))
                .isEqualTo(all.getProperty(WORKER + "capacity.max-concurrent-activity-executors"));
    }

    private static List<String> strings(PropertySource<?> document, String name) {
        return new Binder(ConfigurationPropertySources.from(document))
                .bind(name, Bindable.listOf(String.class))
                .orElse(List.of());
    }
}
