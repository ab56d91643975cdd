package no.signchain.simulator.pades;

import java.nio.charset.StandardCharsets;

/**
 * Changes the earliest bytes of a PDF without making it unreadable, for the {@code tamper=earlier-revision} knob:
 * the first byte of the binary comment on the line after the {@code %PDF-x.y} header (present in practically every
 * PDF, PDFBox's and DSS's output included) gets another high-bit value; without such a comment, the end-of-line after
 * the header is swapped ({@code \n} and {@code \r} are both line ends). Same length, still a PDF every reader parses,
 * but every signature whose byte range starts at 0 (all of them) no longer matches.
 */
public final class PdfTamper {

    private static final byte[] HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private PdfTamper() {}

    /** A changed copy of {@code pdf}; the input is not modified. */
    public static byte[] alterEarliestBytes(byte[] pdf) {
        int header = indexOf(pdf, HEADER, Math.min(pdf.length, 1024));
        if (header < 0) {
            throw new IllegalArgumentException("not a PDF: no %PDF- header");
        }
        int eol = header + HEADER.length;
        while (eol < pdf.length && pdf[eol] != '\n' && pdf[eol] != '\r') {
            eol++;
        }
        if (eol >= pdf.length) {
            throw new IllegalArgumentException("not a PDF: the header line does not end");
        }
        byte[] out = pdf.clone();
        int next = eol + 1;
        if (next < pdf.length && pdf[eol] == '\r' && pdf[next] == '\n') {
            next++;
        }
        if (next + 1 < pdf.length && pdf[next] == '%' && (pdf[next + 1] & 0x80) != 0) {
            out[next + 1] = (byte) (pdf[next + 1] ^ 0x01); // still >= 0x80: still a binary comment
        } else {
            out[eol] = pdf[eol] == '\n' ? (byte) '\r' : (byte) '\n';
        }
        return out;
    }

    private static int indexOf(byte[] data, byte[] what, int limit) {
        outer:
        for (int i = 0; i + what.length <= limit; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
