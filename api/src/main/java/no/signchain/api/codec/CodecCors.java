package no.signchain.api.codec;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The Temporal Web UI calls the codec endpoints from the browser, from its own origin: only the origins in
 * {@code signchain.codec.allowed-origins} may, with the headers it sends ({@code X-Namespace}, and
 * {@code Authorization} when it passes its access token) and with credentials. No origins, no cross-origin calls.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signchain.codec.enabled", havingValue = "true", matchIfMissing = true)
public class CodecCors implements WebMvcConfigurer {

    private final List<String> allowedOrigins;

    public CodecCors(@Value("${signchain.codec.allowed-origins:}") List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream()
                .map(String::strip)
                .filter(o -> !o.isEmpty())
                .toList();
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (allowedOrigins.isEmpty()) {
            return;
        }
        registry.addMapping("/codec/**")
                .allowedOrigins(allowedOrigins.toArray(String[]::new))
                .allowedMethods(HttpMethod.POST.name(), HttpMethod.OPTIONS.name())
                .allowedHeaders("Content-Type", "X-Namespace", "Authorization")
                .allowCredentials(true)
                .maxAge(3600);
    }
}
