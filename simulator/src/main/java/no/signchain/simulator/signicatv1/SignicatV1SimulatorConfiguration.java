package no.signchain.simulator.signicatv1;

import no.signchain.simulator.InSimulatorContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@InSimulatorContext
@EnableConfigurationProperties(SignicatV1SimulatorProperties.class)
class SignicatV1SimulatorConfiguration {}
