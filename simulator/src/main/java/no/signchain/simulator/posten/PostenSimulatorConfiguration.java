package no.signchain.simulator.posten;

import no.signchain.simulator.InSimulatorContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@InSimulatorContext
@EnableConfigurationProperties(PostenSimulatorProperties.class)
class PostenSimulatorConfiguration {}
