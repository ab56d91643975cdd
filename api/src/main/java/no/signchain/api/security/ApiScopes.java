package no.signchain.api.security;

/** The scopes a client's token must carry, one per kind of use. */
public final class ApiScopes {

    /** Submit contracts. */
    public static final String WRITE = "contracts:write";
    /** Read contracts, their versions, audit trail and callback deliveries, and download documents. */
    public static final String READ = "contracts:read";
    /** Lifecycle controls (cancel, replace a signer, move a deadline, remind), redeliveries and erasure. */
    public static final String MANAGE = "contracts:manage";
    /** Actuator endpoints other than health. */
    public static final String ACTUATOR = "actuator:read";
    /** Temporal's remote codec endpoints: whoever holds it reads every workflow payload in clear. */
    public static final String CODEC = "codec:use";

    private ApiScopes() {}

    static String authority(String scope) {
        return "SCOPE_" + scope;
    }
}
