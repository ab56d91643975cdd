package no.signchain.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Put on every simulator {@code @Component}: the bean exists only in an application context started from
 * {@link SimulatorApplication}. {@link SimulatorApplication} adds a marker property source before its component
 * scan runs; another application whose scan happens to cover {@code no.signchain.simulator} has no marker and so
 * gets none of these beans.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(InSimulatorContext.MarkerCondition.class)
public @interface InSimulatorContext {

    String MARKER_PROPERTY = "signchain-simulator-context.marker";
    String MARKER_RESOURCE = "classpath:no/signchain/simulator/simulator-context.properties";

    final class MarkerCondition implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Boolean.TRUE.equals(context.getEnvironment().getProperty(MARKER_PROPERTY, Boolean.class));
        }
    }
}
