package no.signchain.activities.provider;

import no.signchain.store.contract.NationalId;

/**
 * The person who must sign. The national identity number lets the provider check that the person who signs is the
 * intended one; {@link NationalId} never prints itself, and {@link #toString()} leaves the contact details out.
 */
public record SignerIdentity(String name, NationalId nationalId, String email, String mobile) {
    @Override
    public String toString() {
        return "SignerIdentity[name=" + name + ", nationalId=" + nationalId + "]";
    }
}
