package no.signchain.api.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import no.signchain.api.callback.CallbackUrlCheck;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.problem.InvalidParam;
import no.signchain.api.provider.ProviderProperties;
import no.signchain.api.provider.SigningProviderChoice;
import no.signchain.api.text.PlainText;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.NewContract;
import no.signchain.store.contract.NewSigner;
import no.signchain.workflows.contract.ReminderSchedule;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Checks a submission against what signchain and the signing providers accept, and names every field at fault in
 * one answer rather than the first only.
 */
@Component
public class ContractSubmissionValidator {

    /** Signicat's limit for a session's due date; a signer's deadline becomes that due date. */
    static final Duration MAX_DEADLINE_AHEAD = Duration.ofDays(45);

    /** A person's full name, with room to spare; it is shown on the signing page. */
    private static final int MAX_NAME = 200;
    /** Longer than any callback endpoint needs, and short enough to keep in every delivery row. */
    private static final int MAX_URL = 2000;
    /** The longest address SMTP can deliver to (RFC 5321's 256-octet path, less the angle brackets). */
    private static final int MAX_EMAIL = 254;

    /** The most reminders one signer can be sent on schedule. */
    private static final int MAX_REMINDERS = 10;
    /** The shortest interval between scheduled reminders. */
    private static final Duration MIN_REMINDER_INTERVAL = Duration.ofHours(1);

    private final Clock clock;
    private final int maxSigners;
    private final ReminderSchedule defaultReminders;
    private final CallbackUrlCheck callbackUrls;
    private final SigningProviderChoice providers;

    @Autowired
    ContractSubmissionValidator(
            Clock clock, ContractProperties settings, CallbackUrlCheck callbackUrls, SigningProviderChoice providers) {
        this(
                clock,
                settings.maxSigners(),
                new ReminderSchedule(
                        settings.reminders().firstAfter(),
                        settings.reminders().every(),
                        settings.reminders().max()),
                callbackUrls,
                providers);
    }

    /** With Signicat Sign API v2 the only provider. */
    ContractSubmissionValidator(
            Clock clock, int maxSigners, ReminderSchedule defaultReminders, CallbackUrlCheck callbackUrls) {
        this(
                clock,
                maxSigners,
                defaultReminders,
                callbackUrls,
                new SigningProviderChoice(new ProviderProperties("signicat-v2", null)));
    }

    ContractSubmissionValidator(
            Clock clock,
            int maxSigners,
            ReminderSchedule defaultReminders,
            CallbackUrlCheck callbackUrls,
            SigningProviderChoice providers) {
        this.clock = clock;
        this.maxSigners = maxSigners;
        this.defaultReminders = defaultReminders;
        this.callbackUrls = callbackUrls;
        this.providers = providers;
    }

    /** The part must be there; whether it is a PDF a signer can sign is decided on the stored upload. */
    void checkDocument(MultipartFile document) {
        if (document == null) {
            throw ApiProblem.invalid("document", "the part is missing");
        }
        if (document.isEmpty()) {
            throw ApiProblem.invalid("document", "the document is empty");
        }
    }

    NewContract check(String owner, ContractSubmission submission, String idempotencyKey) {
        List<InvalidParam> problems = new ArrayList<>();
        String title = trimmed(submission.title());
        if (title == null) {
            problems.add(new InvalidParam("title", "is required"));
        } else if (unacceptable("title", title, problems)) {
            // named by unacceptable
        } else if (title.length() > 255) {
            problems.add(new InvalidParam("title", "must be at most 255 characters"));
        }
        String externalRef = trimmed(submission.externalRef());
        if (externalRef != null && unacceptable("externalRef", externalRef, problems)) {
            // named by unacceptable
        } else if (externalRef != null && externalRef.length() > 255) {
            problems.add(new InvalidParam("externalRef", "must be at most 255 characters"));
        }
        if (idempotencyKey != null) {
            idempotencyKeyProblem(idempotencyKey).ifPresent(problems::add);
        }
        List<NewSigner> signers = new ArrayList<>();
        List<SignerSubmission> submitted = submission.signers();
        if (submitted == null || submitted.isEmpty()) {
            problems.add(new InvalidParam("signers", "at least one signer is required"));
        } else if (submitted.size() > maxSigners) {
            problems.add(new InvalidParam("signers", "at most " + maxSigners + " signers are supported"));
        } else {
            for (int i = 0; i < submitted.size(); i++) {
                signers.add(checkSigner("signers[" + i + "]", submitted.get(i), problems));
            }
            refuseRepeatedSigners(signers, problems);
        }
        String callbackUrl = trimmed(submission.callbackUrl());
        if (callbackUrl != null && unacceptable("callbackUrl", callbackUrl, problems)) {
            // named by unacceptable
        } else if (callbackUrl != null && callbackUrl.length() > MAX_URL) {
            problems.add(new InvalidParam("callbackUrl", "must be at most " + MAX_URL + " characters"));
        } else if (callbackUrl != null) {
            // Resolves the host now; the sender checks the addresses again before every attempt.
            callbackUrls
                    .problemWith(callbackUrl)
                    .ifPresent(reason -> problems.add(new InvalidParam("callbackUrl", reason)));
        }
        String provider = trimmed(submission.provider());
        if (provider == null) {
            provider = providers.defaultProvider();
        } else if (unacceptable("provider", provider, problems)) {
            // named by unacceptable
        } else if (provider.length() > 64) {
            problems.add(new InvalidParam("provider", "must be at most 64 characters"));
        } else {
            providers.problemWith(provider).ifPresent(reason -> problems.add(new InvalidParam("provider", reason)));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        ReminderSchedule reminders = checkReminders(submission.reminders(), problems);
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        return new NewContract(owner, title, externalRef, idempotencyKey, signers, callbackUrl, reminders, provider);
    }

    private NewSigner checkSigner(String path, SignerSubmission signer, List<InvalidParam> problems) {
        if (signer == null) {
            problems.add(new InvalidParam(path, "must be an object"));
            return null;
        }
        String name = trimmed(signer.name());
        if (name == null) {
            problems.add(new InvalidParam(path + ".name", "is required"));
        } else if (unacceptable(path + ".name", name, problems)) {
            // named by unacceptable
        } else if (name.length() > MAX_NAME) {
            problems.add(new InvalidParam(path + ".name", "must be at most " + MAX_NAME + " characters"));
        }
        NationalId nationalId = null;
        if (trimmed(signer.nationalId()) == null) {
            problems.add(new InvalidParam(path + ".nationalId", "is required"));
        } else {
            try {
                nationalId = NationalId.parse(signer.nationalId());
            } catch (IllegalArgumentException invalid) {
                // The reason names the rule broken, never the value: it is personal data.
                problems.add(new InvalidParam(
                        path + ".nationalId", "must be a Norwegian national identity number: " + invalid.getMessage()));
            }
        }
        String email = trimmed(signer.email());
        if (email != null && unacceptable(path + ".email", email, problems)) {
            // named by unacceptable
        } else if (email != null && email.length() > MAX_EMAIL) {
            problems.add(new InvalidParam(path + ".email", "must be at most " + MAX_EMAIL + " characters"));
        } else if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problems.add(new InvalidParam(path + ".email", "is not an e-mail address"));
        }
        String mobile = trimmed(signer.mobile());
        if (mobile != null && !mobile.matches("\\+?[0-9 ]{8,20}")) {
            problems.add(new InvalidParam(path + ".mobile", "is not a phone number"));
        }
        OffsetDateTime deadline = signer.deadline();
        if (deadline != null) {
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (!deadline.isAfter(now)) {
                problems.add(new InvalidParam(path + ".deadline", "must be in the future"));
            } else if (deadline.isAfter(now.plus(MAX_DEADLINE_AHEAD))) {
                problems.add(new InvalidParam(path + ".deadline", "must be at most 45 days ahead"));
            }
        }
        return new NewSigner(name, nationalId, email, mobile, deadline == null ? null : deadline.toInstant());
    }

    /**
     * A signer who takes another's place: the same rules as at intake, and not a person who signs elsewhere in the
     * contract. Their deadline stays the step's; a new one is set on its own.
     *
     * @param signsElsewhere whether a person already signs the contract in another place
     */
    NewSigner checkReplacement(SignerSubmission replacement, Predicate<NationalId> signsElsewhere) {
        List<InvalidParam> problems = new ArrayList<>();
        NewSigner signer = checkSigner("signer", replacement, problems);
        if (replacement != null && replacement.deadline() != null) {
            problems.add(new InvalidParam(
                    "signer.deadline", "is not changed by a replacement: change it with PATCH on the signer"));
        }
        if (signer != null && signer.nationalId() != null && signsElsewhere.test(signer.nationalId())) {
            problems.add(new InvalidParam(
                    "signer.nationalId", "is a person who already signs this contract: each person signs once"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        return signer;
    }

    /** A control's {@code Idempotency-Key}, held to the same rules as a submission's. */
    void checkIdempotencyKey(String idempotencyKey) {
        idempotencyKeyProblem(idempotencyKey).ifPresent(problem -> {
            throw ApiProblem.invalid(List.of(problem));
        });
    }

    private static Optional<InvalidParam> idempotencyKeyProblem(String key) {
        Optional<String> unprintable = PlainText.problemWith(key);
        if (unprintable.isPresent()) {
            return Optional.of(new InvalidParam("Idempotency-Key", unprintable.get()));
        }
        if (key.isBlank() || key.length() > 255) {
            return Optional.of(new InvalidParam("Idempotency-Key", "must be 1 to 255 characters"));
        }
        return Optional.empty();
    }

    /** A signer's new deadline: in the future, and within what the provider accepts. */
    Instant checkDeadline(OffsetDateTime deadline) {
        if (deadline == null) {
            throw ApiProblem.invalid("deadline", "is required");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!deadline.isAfter(now)) {
            throw ApiProblem.invalid("deadline", "must be in the future");
        }
        if (deadline.isAfter(now.plus(MAX_DEADLINE_AHEAD))) {
            throw ApiProblem.invalid("deadline", "must be at most 45 days ahead");
        }
        return deadline.toInstant();
    }

    /** The submission's reminder schedule, each field it leaves out taken from the default. */
    private ReminderSchedule checkReminders(ReminderSubmission asked, List<InvalidParam> problems) {
        if (asked == null) {
            return defaultReminders;
        }
        Duration firstAfter =
                duration(asked.firstAfter(), "reminders.firstAfter", defaultReminders.firstAfter(), problems);
        Duration every = duration(asked.every(), "reminders.every", defaultReminders.every(), problems);
        int max = asked.max() == null ? defaultReminders.max() : asked.max();
        if (max < 0 || max > MAX_REMINDERS) {
            problems.add(new InvalidParam("reminders.max", "must be between 0 (no reminders) and " + MAX_REMINDERS));
        }
        return new ReminderSchedule(firstAfter, every, max);
    }

    private static Duration duration(String value, String field, Duration fallback, List<InvalidParam> problems) {
        if (value == null) {
            return fallback;
        }
        try {
            Duration parsed = Duration.parse(value.strip());
            if (parsed.compareTo(MIN_REMINDER_INTERVAL) < 0) {
                problems.add(new InvalidParam(field, "must be at least an hour (PT1H)"));
            }
            return parsed;
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(new InvalidParam(field, "must be an ISO-8601 duration such as P2D or PT12H"));
            return fallback;
        }
    }

    /**
     * One person signs once: the same national identity number twice would have them sign twice, and the second
     * signature adds nothing a lawyer could rely on. The refusal names both places, never the number.
     */
    private static void refuseRepeatedSigners(List<NewSigner> signers, List<InvalidParam> problems) {
        Map<NationalId, Integer> first = new HashMap<>();
        for (int i = 0; i < signers.size(); i++) {
            NewSigner signer = signers.get(i);
            if (signer == null || signer.nationalId() == null) {
                continue;
            }
            Integer earlier = first.putIfAbsent(signer.nationalId(), i);
            if (earlier != null) {
                problems.add(new InvalidParam(
                        "signers[" + i + "].nationalId",
                        "is the same person as signers[" + earlier + "]: each person signs once"));
            }
        }
    }

    /**
     * Text that ends up on a signing page, in a PDF and in PostgreSQL follows {@link PlainText}'s rules; the field is
     * named with the rule broken, never with its value.
     */
    private static boolean unacceptable(String field, String value, List<InvalidParam> problems) {
        return PlainText.problemWith(value)
                .map(reason -> problems.add(new InvalidParam(field, reason)))
                .orElse(false);
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
