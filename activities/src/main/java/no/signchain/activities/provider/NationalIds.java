package no.signchain.activities.provider;

import java.util.regex.Pattern;

/**
 * Keeps national identity numbers out of text that leaves signchain's database: failure messages become Temporal
 * history and a contract's reason, and a provider's error may quote the request it refused.
 */
public final class NationalIds {

    /** Eleven digits standing alone: a Norwegian national identity or D-number, or something shaped like one. */
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("(?<!\\d)\\d{11}(?!\\d)");

    private NationalIds() {
    }

    /** The text with every run of exactly eleven digits replaced by {@code ***********}. */
    public static String redacted(String text) {
        return text == null ? null : ELEVEN_DIGITS.matcher(text).replaceAll("***********");
    }
}
