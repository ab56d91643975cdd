package no.signchain.store.contract;

import java.util.UUID;
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

    String sealNationalId(String contractId, int signerIndex, NationalId nationalId) {
        return text.seal(purpose(NATIONAL_ID, contractId, signerIndex), nationalId.digits());
    }

    /** Null for null: an erased signer's number. */
    NationalId openNationalId(String contractId, int signerIndex, String stored) {
        return stored == null
                ? null
                : NationalId.ofStored(text.open(purpose(NATIONAL_ID, contractId, signerIndex), stored));
    }

    /** The keyed hash a person's number is found by: the same for the same person in any row. */
    String hash(NationalId nationalId) {
        return hash.of(NATIONAL_ID, nationalId.digits());
    }

    String seal(String kind, String contractId, int signerIndex, String plaintext) {
        return text.seal(purpose(kind, contractId, signerIndex), plaintext);
    }

    String open(String kind, String contractId, int signerIndex, String stored) {
        return text.open(purpose(kind, contractId, signerIndex), stored);
    }

    /**
     * What a value is authenticated as: its kind and the signer place it belongs to, so that an encrypted value
     * copied to another signer's row (or another kind's column) fails to decrypt instead of naming someone else. A
     * replacement is stored for the place it will take, so applying it copies its values unchanged.
     */
    private static String purpose(String kind, String contractId, int signerIndex) {
        return kind + "/" + UUID.fromString(contractId) + "/" + signerIndex;
    }
}
