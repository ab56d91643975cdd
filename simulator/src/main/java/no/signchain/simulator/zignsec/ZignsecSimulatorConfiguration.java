package no.signchain.simulator.zignsec;

import jakarta.servlet.MultipartConfigElement;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@InSimulatorContext
@EnableConfigurationProperties(ZignsecSimulatorProperties.class)
class ZignsecSimulatorConfiguration {

    /** ZignSec takes files as multipart uploads; as large as the Sign API part takes documents. */
    @Bean
    MultipartConfigElement simulatorMultipartConfig(SimulatorProperties properties) {
        long max = properties.maxDocumentBytes();
        return new MultipartConfigElement(null, max, max + 64 * 1024, 0);
    }
}
