package no.signchain.simulator.zignsec;

import no.signchain.simulator.InSimulatorContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@InSimulatorContext
@EnableConfigurationProperties(ZignsecSimulatorProperties.class)
class ZignsecSimulatorConfiguration {}
