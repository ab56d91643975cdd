package no.signchain.store.contract;

import no.signchain.protection.KeyedHash;
import no.signchain.protection.SealedText;

/**
 * How a signer's personal data is kept in signchain's database: the national identity number, e-mail address and
 * phone number encrypted ({@link SealedText}), and the number's keyed hash for equality lookups. The store encrypts
 * when it writes and decrypts when it reads, so nothing above it sees ciphertext.
 */
public final class PersonalData {

    static final String NATIONAL_ID = "national_id";
    static final String EMAIL = "email";
    static final String MOBILE = "mobile";

    private final SealedText text;
    private final KeyedHash hash;

    public PersonalData(SealedText text, KeyedHash hash) {
        this.text = text;
        this.hash = hash;
    }

    String sealNationalId(NationalId nationalId) {
        return text.seal(NATIONAL_ID, nationalId.digits());
    }

    /** Null for null: an erased signer's number. */
    NationalId openNationalId(String stored) {
        return stored == null ? null : NationalId.ofStored(text.open(NATIONAL_ID, stored));
    }

    /** The keyed hash a person's number is found by. */
    String hash(NationalId nationalId) {
        return hash.of(NATIONAL_ID, nationalId.digits());
    }

    String seal(String purpose, String plaintext) {
        return text.seal(purpose, plaintext);
    }

    String open(String purpose, String stored) {
        return text.open(purpose, stored);
    }
}
