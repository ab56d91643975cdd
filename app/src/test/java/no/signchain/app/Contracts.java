package no.signchain.app;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Contract submissions for tests, with the public BankID test users as signers. */
final class Contracts {

    record TestSigner(String name, String nationalId) {}

    static final TestSigner AKSEL = new TestSigner("Aksel Herseth", "06046517928");
    static final TestSigner OLE = new TestSigner("Ole Bramserud", "11920287974");
    static final TestSigner SANNA = new TestSigner("Sanna Hansen", "12829025475");
    static final List<TestSigner> THREE = List.of(AKSEL, OLE, SANNA);

    private Contracts() {}

    static String json(String title, List<TestSigner> signers) {
        return json(title, "test-" + UUID.randomUUID(), signers);
    }

    /** Each signer with an e-mail address (their first name at example.org), for reminders. */
    static String jsonWithEmails(String title, List<TestSigner> signers) {
        String signerJson = signers.stream()
                .map(s -> "{\"name\":\"" + s.name() + "\",\"nationalId\":\"" + s.nationalId() + "\",\"email\":\""
                        + email(s) + "\"}")
                .collect(Collectors.joining(","));
        return "{\"title\":\"" + title + "\",\"externalRef\":\"test-" + UUID.randomUUID() + "\",\"signers\":["
                + signerJson + "]}";
    }

    static String email(TestSigner signer) {
        return signer.name().split(" ")[0].toLowerCase(java.util.Locale.ROOT) + "@example.org";
    }

    static String json(String title, String externalRef, List<TestSigner> signers) {
        String signerJson = signers.stream()
                .map(s -> "{\"name\":\"" + s.name() + "\",\"nationalId\":\"" + s.nationalId() + "\"}")
                .collect(Collectors.joining(","));
        return "{\"title\":\"" + title + "\",\"externalRef\":\"" + externalRef + "\",\"signers\":[" + signerJson + "]}";
    }
}
