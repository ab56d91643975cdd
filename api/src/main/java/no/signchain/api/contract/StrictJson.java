package no.signchain.api.contract;

import java.nio.charset.CharacterCodingException;
import java.time.OffsetDateTime;
import java.util.Collection;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.text.PlainText;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads the JSON of API requests, refusing what a careless client sends by mistake, and naming the field at fault
 * without quoting its value.
 */
@Component
class StrictJson {

    private final JsonMapper json;

    StrictJson(JsonMapper json) {
        // Strict about strings: a number or boolean where text belongs means the client mixed up its fields, and an
        // identity number sent as a JSON number may have lost its leading zero on the way.
        this.json = json.rebuild()
                .withCoercionConfig(
                        LogicalType.Textual,
                        text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /**
     * The request's bytes as UTF-8 JSON. They are decoded here, strictly, rather than by Spring, which replaces a
     * malformed sequence with U+FFFD and so would store something other than what was sent.
     *
     * @param name    what the problem names when the whole value is at fault ({@code contract}, {@code signer})
     * @param missing the reason when there is nothing to read
     */
    <T> T read(byte[] bytes, Class<T> type, String name, String missing) {
        return read(bytes, type, name, missing, "");
    }

    /**
     * As {@link #read(byte[], Class, String, String)}, with the fields at fault named inside {@code name}
     * ({@code signer.nationalId}), as the validator names them, for a body that is one thing the API names.
     */
    <T> T readNamed(byte[] bytes, Class<T> type, String name, String missing) {
        return read(bytes, type, name, missing, name + ".");
    }

    private <T> T read(byte[] bytes, Class<T> type, String name, String missing, String fieldPrefix) {
        if (bytes == null) {
            throw ApiProblem.invalid(name, missing);
        }
        try {
            return read(PlainText.decodeUtf8(bytes), type, name, missing, fieldPrefix);
        } catch (CharacterCodingException e) {
            throw ApiProblem.invalid(name, PlainText.NOT_UTF_8);
        }
    }

    private <T> T read(String text, Class<T> type, String name, String missing, String fieldPrefix) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.invalid(name, missing);
        }
        try {
            T value = json.readValue(text, type);
            if (value == null) {
                throw ApiProblem.invalid(name, "must be a JSON object");
            }
            return value;
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? name : fieldPrefix + fieldName(e);
            throw ApiProblem.invalid(field, reason(e));
        }
    }

    /**
     * A fixed reason by what was expected: Jackson's own message quotes the value it could not take (an identity
     * number, say) and names Java classes.
     */
    private static String reason(JacksonException e) {
        if (!(e instanceof MismatchedInputException mismatch) || mismatch.getTargetType() == null) {
            return "is not valid JSON";
        }
        Class<?> expected = mismatch.getTargetType();
        if (expected == OffsetDateTime.class) {
            return "must be an ISO-8601 date-time with offset, e.g. 2026-12-01T12:00:00Z";
        }
        if (expected == String.class) {
            return "must be a string";
        }
        if (Collection.class.isAssignableFrom(expected)) {
            return "must be an array";
        }
        return "must be a JSON object";
    }

    private static String fieldName(JacksonException e) {
        StringBuilder name = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!name.isEmpty()) {
                    name.append('.');
                }
                name.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                name.append('[').append(ref.getIndex()).append(']');
            }
        }
        return name.toString();
    }
}
