package no.signchain.simulator;

import no.signchain.simulator.auth.BearerAuthInterceptor;
import no.signchain.simulator.control.FaultInterceptor;
import no.signchain.simulator.control.LoopbackOnly;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Order of the checks on an API call: first the fault knobs (so an injected failure happens before any work and
 * changes nothing), then the bearer token. The control API is for this machine only.
 */
@Configuration(proxyBeanMethods = false)
@InSimulatorContext
public class SimulatorWebConfig implements WebMvcConfigurer {

    private final FaultInterceptor faults;
    private final BearerAuthInterceptor auth;
    private final LoopbackOnly loopbackOnly;

    public SimulatorWebConfig(FaultInterceptor faults, BearerAuthInterceptor auth, LoopbackOnly loopbackOnly) {
        this.faults = faults;
        this.auth = auth;
        this.loopbackOnly = loopbackOnly;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(loopbackOnly).addPathPatterns("/simulator/control/**");
        // ZignSec's API below /zignsec/api suffers the same faults; its file downloads too, as real downloads fail.
        // Sign API v1 below /signicat-v1/sign likewise, and takes the same bearer tokens as v2.
        registry.addInterceptor(faults)
                .addPathPatterns(
                        "/sign/**", "/auth/**", "/zignsec/api/**", "/zignsec/folders/**", "/signicat-v1/sign/**")
                .order(0);
        registry.addInterceptor(auth)
                .addPathPatterns("/sign/**", "/signicat-v1/sign/**")
                .order(1);
    }
}
