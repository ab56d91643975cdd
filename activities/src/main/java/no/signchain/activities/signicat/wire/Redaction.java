package no.signchain.activities.signicat.wire;

/** Masks personal data in {@code toString()} output while still showing whether a value was present. */
final class Redaction {

    private Redaction() {}

    static String mask(String value) {
        return value == null ? null : "***";
    }
}
