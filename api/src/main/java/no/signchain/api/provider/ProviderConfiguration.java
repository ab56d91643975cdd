package no.signchain.api.provider;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProviderProperties.class)
class ProviderConfiguration {

    @Bean
    SigningProviderChoice signingProviderChoice(ProviderProperties properties) {
        return new SigningProviderChoice(properties);
    }
}
