package no.signchain.simulator;

import no.signchain.simulator.auth.BearerAuthInterceptor;
import no.signchain.simulator.control.FaultInterceptor;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Order of the checks on an API call: first the fault knobs (so an injected failure happens before any work and
 * changes nothing), then the bearer token.
 */
@Configuration(proxyBeanMethods = false)
@InSimulatorContext
public class SimulatorWebConfig implements WebMvcConfigurer {

    private final FaultInterceptor faults;
    private final BearerAuthInterceptor auth;

    public SimulatorWebConfig(FaultInterceptor faults, BearerAuthInterceptor auth) {
        this.faults = faults;
        this.auth = auth;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(faults).addPathPatterns("/sign/**", "/auth/**").order(0);
        registry.addInterceptor(auth).addPathPatterns("/sign/**").order(1);
    }
}
