package no.signchain.api.problem;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link ProblemReportValve} in Tomcat's place for its HTML error pages. */
@Configuration(proxyBeanMethods = false)
class ContainerProblems {

    @Bean
    ProblemReportValveInstaller problemReportValveInstaller() {
        return new ProblemReportValveInstaller();
    }

    /** Ordered last: Spring Boot's own customizer adds an HTML ErrorReportValve to the host, to be replaced here. */
    static class ProblemReportValveInstaller
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> replaceErrorReportValve(context.getParent()));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    private static void replaceErrorReportValve(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.getPipeline().addValve(new ProblemReportValve());
        if (host instanceof StandardHost standard) {
            // Or the host adds its default valve again when it starts.
            standard.setErrorReportValveClass(ProblemReportValve.class.getName());
        }
    }
}
