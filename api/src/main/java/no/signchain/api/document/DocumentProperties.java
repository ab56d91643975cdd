package no.signchain.api.document;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What signchain accepts as a document to sign ({@code signchain.documents.*}).
 *
 * @param maxSize            the largest upload (50 MB, the limit Yousign and Signhost publish); a larger one gets 413
 *                           before it is read
 * @param allowActiveContent accept PDFs carrying JavaScript or launch actions (off: refused with 400)
 */
@ConfigurationProperties("signchain.documents")
public record DocumentProperties(
        @DefaultValue("50MB") DataSize maxSize,
        @DefaultValue("false") boolean allowActiveContent) {}
