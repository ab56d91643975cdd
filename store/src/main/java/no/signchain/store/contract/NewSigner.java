package no.signchain.store.contract;

import java.time.Instant;

/** A signer as submitted; {@link #toString()} leaves out their contact details. */
public record NewSigner(String name, NationalId nationalId, String email, String mobile, Instant deadline) {
    @Override
    public String toString() {
        return "NewSigner[name=" + name + ", nationalId=" + nationalId + ", deadline=" + deadline + "]";
    }
}
