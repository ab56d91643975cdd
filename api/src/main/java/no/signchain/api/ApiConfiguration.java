package no.signchain.api;

import no.signchain.api.contract.ContractProperties;
import no.signchain.store.StoreConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The contract API and the provider webhooks, with the inbox relay and the start sweep: everything the API process
 * runs, whether alone ({@link ApiApplication}) or inside the all-in-one app. It starts workflows through the
 * Temporal client and runs none.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ComponentScan(
        basePackageClasses = ApiConfiguration.class,
        excludeFilters = @ComponentScan.Filter(SpringBootConfiguration.class))
@EnableConfigurationProperties(ContractProperties.class)
@Import(StoreConfiguration.class)
public class ApiConfiguration {}
