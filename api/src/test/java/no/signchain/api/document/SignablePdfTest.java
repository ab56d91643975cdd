package no.signchain.api.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignablePdfTest {

    @TempDir
    Path dir;

    static Stream<Arguments> unsignable() {
        return Stream.of(
                Arguments.of("empty", (Supplier<byte[]>) () -> new byte[0], "the document is empty"),
                Arguments.of("not a PDF", (Supplier<byte[]>) () -> "hello".getBytes(), "not a PDF"),
                Arguments.of("header only", (Supplier<byte[]>) UnsignablePdfs::headerOnly, "does not end with %%EOF"),
                Arguments.of("truncated", (Supplier<byte[]>) UnsignablePdfs::truncated, "does not end with %%EOF"),
                Arguments.of("unparseable", (Supplier<byte[]>) UnsignablePdfs::garbage, "cannot be parsed"),
                Arguments.of(
                        "encrypted, no password to open",
                        (Supplier<byte[]>) UnsignablePdfs::encryptedWithoutPassword,
                        "is encrypted"),
                Arguments.of(
                        "encrypted with a password",
                        (Supplier<byte[]>) UnsignablePdfs::encryptedWithPassword,
                        "encrypted with a password"),
                Arguments.of("JavaScript on open", (Supplier<byte[]>) UnsignablePdfs::javaScriptOnOpen, "JavaScript"),
                Arguments.of(
                        "JavaScript in a link", (Supplier<byte[]>) UnsignablePdfs::javaScriptInALink, "JavaScript"),
                Arguments.of("launch action", (Supplier<byte[]>) UnsignablePdfs::launchAction, "launch action"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsignable")
    void isRefusedSayingWhy(String description, Supplier<byte[]> pdf, String reason) throws IOException {
        Optional<String> problem = SignablePdf.problemWith(write(pdf.get()), false);

        assertThat(problem)
                .as(description)
                .hasValueSatisfying(p -> assertThat(p).contains(reason));
    }

    @Test
    void aPlainPdfIsSignable() throws IOException {
        assertThat(SignablePdf.problemWith(write(UnsignablePdfs.plain()), false))
                .isEmpty();
    }

    @Test
    void activeContentPassesWhenConfiguredTo() throws IOException {
        assertThat(SignablePdf.problemWith(write(UnsignablePdfs.javaScriptOnOpen()), true))
                .isEmpty();
        assertThat(SignablePdf.problemWith(write(UnsignablePdfs.launchAction()), true))
                .isEmpty();
    }

    @Test
    void encryptionIsRefusedEvenWhenActiveContentIsAllowed() throws IOException {
        assertThat(SignablePdf.problemWith(write(UnsignablePdfs.encryptedWithoutPassword()), true))
                .hasValueSatisfying(p -> assertThat(p).contains("encrypted"));
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "upload-", ".pdf"), bytes);
    }
}
