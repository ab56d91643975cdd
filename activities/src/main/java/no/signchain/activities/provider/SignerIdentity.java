package no.signchain.activities.provider;

/**
 * The person who must sign. The national identity number lets the provider check that the person who signs is the
 * intended one; it must never reach logs, so {@link #toString()} leaves it out.
 */
public record SignerIdentity(String name, String nationalId, String email, String mobile) {
    @Override
    public String toString() {
        return "SignerIdentity[name=" + name + ", nationalId=***]";
    }
}
