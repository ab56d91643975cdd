package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * How the signer signs. Signicat accepts exactly one setup per session. Flow and vendor stay strings so a value
 * Signicat adds does not break reading a session.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningSetup(
        String signingFlow,
        String vendor,
        List<IdentityProvider> identityProviders,
        List<String> requestedAttributes,
        Map<String, String> additionalParameters) {

    public static final String FLOW_PKI_SIGNING = "PKISIGNING";
    public static final String VENDOR_NORWEGIAN_BANKID = "NBID";

    /** Norwegian BankID with a qualified PKI signature (PAdES): {@code {signingFlow: PKISIGNING, vendor: NBID}}. */
    public static SigningSetup norwegianBankIdPki() {
        return new SigningSetup(FLOW_PKI_SIGNING, VENDOR_NORWEGIAN_BANKID, null, null, null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IdentityProvider(String idpName) {}
}
