package no.signchain.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The Sign API simulator: a stand-in for Signicat's Sign API v2, its token endpoint and its Events service.
 *
 * <p>Alone: {@code java -jar simulator/target/signchain-simulator.jar --server.port=18089}. Embedded (a second,
 * separate context in another application's JVM):
 * {@code new SpringApplicationBuilder(SimulatorApplication.class).properties("server.port=18089").run()}.
 *
 * <p>Built so that it can share a JVM and a classpath with another Spring Boot application:
 * <ul>
 *   <li>This class is deliberately <em>not</em> a {@code @Component}/{@code @SpringBootConfiguration}: an application
 *       whose component scan covers {@code no.signchain} does not pick it up. Every simulator bean is additionally
 *       guarded by {@link InSimulatorContext}, which only matches in a context started from this class.</li>
 *   <li>Only the auto-configurations a web server needs are imported (no {@code @EnableAutoConfiguration}), so
 *       a datasource, Flyway or Temporal on the host application's classpath is not started a second time here.</li>
 *   <li>No {@code application.properties} is shipped (it would shadow the host's); defaults live in
 *       {@link SimulatorProperties}. No static mutable state, no system properties. The simulator's own code
 *       registers no JCA provider; EU DSS, which it signs with, appends Bouncy Castle to the JVM's provider list on
 *       first use (after the JDK's, so the JDK's providers stay the default).</li>
 * </ul>
 */
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    ConfigurationPropertiesAutoConfiguration.class,
    SslAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpEncodingAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class
})
@PropertySource(InSimulatorContext.MARKER_RESOURCE)
@ComponentScan(basePackageClasses = SimulatorApplication.class)
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorApplication {
    public static void main(String[] args) {
        SpringApplication.run(SimulatorApplication.class, args);
    }
}
