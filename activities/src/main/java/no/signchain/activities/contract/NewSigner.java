package no.signchain.activities.contract;

import java.time.Instant;

/** A signer as submitted; {@link #toString()} leaves out the national identity number. */
public record NewSigner(String name, String nationalId, String email, String mobile, Instant deadline) {
    @Override
    public String toString() {
        return "NewSigner[name=" + name + ", nationalId=***, deadline=" + deadline + "]";
    }
}
