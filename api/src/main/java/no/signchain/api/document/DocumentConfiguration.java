package no.signchain.api.document;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocumentProperties.class)
class DocumentConfiguration {

    /** Room in a request beside the document: the contract's JSON part and the multipart framing. */
    private static final DataSize REQUEST_OVERHEAD = DataSize.ofMegabytes(1);

    /**
     * Upload limits from one setting ({@code signchain.documents.max-size}). Parts are written to disk as they arrive
     * (threshold 0), so an upload never sits in memory.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(DocumentProperties documents) {
        long maxFile = documents.maxSize().toBytes();
        return new MultipartConfigElement("", maxFile, maxFile + REQUEST_OVERHEAD.toBytes(), 0);
    }
}
