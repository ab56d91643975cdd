package no.signchain.activities.posten;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import no.digipost.signature.client.ClientConfiguration;
import no.digipost.signature.client.ServiceEnvironment;
import no.digipost.signature.client.core.PAdESReference;
import no.digipost.signature.client.core.Sender;
import no.digipost.signature.client.core.XAdESReference;
import no.digipost.signature.client.core.exceptions.BrokerNotAuthorizedException;
import no.digipost.signature.client.core.exceptions.HttpIOException;
import no.digipost.signature.client.core.exceptions.JobCannotBeCancelledException;
import no.digipost.signature.client.core.exceptions.SignatureException;
import no.digipost.signature.client.core.exceptions.TooEagerPollingException;
import no.digipost.signature.client.core.exceptions.UnexpectedResponseException;
import no.digipost.signature.client.portal.CancellationUrl;
import no.digipost.signature.client.portal.NotificationsUsingLookup;
import no.digipost.signature.client.portal.PortalClient;
import no.digipost.signature.client.portal.PortalDocument;
import no.digipost.signature.client.portal.PortalJob;
import no.digipost.signature.client.portal.PortalJobResponse;
import no.digipost.signature.client.portal.PortalJobStatus;
import no.digipost.signature.client.portal.PortalJobStatusChanged;
import no.digipost.signature.client.portal.PortalSigner;
import no.digipost.signature.client.portal.Signature;
import no.digipost.signature.client.portal.SignatureStatus;
import no.digipost.signature.client.security.KeyStoreConfig;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.store.contract.NationalId;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Portal signature jobs at Posten signering, through Posten's official Java client
 * ({@code no.digipost.signature:signature-api-client-java}): one job per contract with every signer in order, the
 * sender's status queue, confirmation, cancellation and the signed PDF.
 *
 * <p>The client does the protocol: it builds and signs the ASiC-E package with the organisation certificate,
 * marshals the job XML and validates it against Posten's XSDs before sending, runs two-way TLS 1.2, and checks that the
 * server's certificate chains to the configured trust anchors <em>and</em> is issued to Posten Norge AS (organisation
 * number 984661185 in the certificate, its {@code OrganizationNumberValidation}, on by default). This adapter leaves
 * that check on: it never calls {@code serverOrganizationNumber} or {@code serverCertificateTrustStrategy}.
 *
 * <p>Failures come out as {@link SigningProviderException}, saying whether a retry can help. No retries here:
 * Temporal retries the activity.
 */
public class PostenPortalJobs {

    private final PortalClient client;
    private final Sender sender;
    /** Polled changes not yet confirmed, by confirmation URL: the client confirms only its own status objects. */
    private final java.util.Map<URI, PortalJobStatusChanged> unconfirmed =
            new java.util.concurrent.ConcurrentHashMap<>();

    public PostenPortalJobs(PostenSettings settings) {
        this(settings, Clock.systemUTC());
    }

    PostenPortalJobs(PostenSettings settings, Clock clock) {
        ServiceEnvironment environment = settings.environment() == PostenSettings.Environment.PRODUCTION
                ? ServiceEnvironment.PRODUCTION
                : ServiceEnvironment.STAGING;
        if (settings.serviceUrl() != null) {
            environment = environment.withServiceUrl(settings.serviceUrl());
        }
        if (settings.trustedCertificates() != null) {
            environment =
                    environment.withCertificates(settings.trustedCertificates().toString());
        }
        ServiceEnvironment chosen = environment;
        this.sender = settings.pollingQueue() == null
                ? new Sender(settings.senderOrganisationNumber())
                : new Sender(
                        settings.senderOrganisationNumber(),
                        no.digipost.signature.client.core.PollingQueue.of(settings.pollingQueue()));
        String password = new String(settings.certificatePassword());
        ClientConfiguration configuration = ClientConfiguration.builder(new KeyStoreConfig(
                        settings.organisationCertificate(), settings.certificateAlias(), password, password))
                .serviceEnvironment(chosen)
                .defaultSender(sender)
                .includeInUserAgent("signchain")
                .timeouts(t -> t.connectTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout())
                        .responseArrivalTimeout(settings.readTimeout()))
                // One retry layer: Temporal retries the activity. HttpClient 5 would otherwise repeat a GET answered
                // 503 or 429 by itself, hiding Posten's answer (and a too-early poll) from the caller.
                .apacheHttpClient(http -> http.configure(HttpClientBuilder::disableAutomaticRetries))
                .apacheHttpClientForDocumentDownloads(
                        http -> http.configure(HttpClientBuilder::disableAutomaticRetries))
                .clock(clock)
                .build();
        this.client = new PortalClient(configuration);
    }

    /**
     * Creates the contract's job: the PDF, the title and description, and the signers by national identity number,
     * ordered 1, 2, 3... so each opens when the one before has signed. Signers are notified through Posten's lookup
     * in the public contact register, so no e-mail address or phone number leaves signchain.
     */
    public PostenJobHandle create(PostenJobOrder order, Path pdf) {
        Duration available = Duration.between(java.time.Instant.now(), order.availableUntil());
        if (available.isNegative() || available.isZero()) {
            throw new IllegalArgumentException("the job's deadline has passed already");
        }
        byte[] document;
        try {
            document = Files.readAllBytes(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<PortalSigner> signers = new ArrayList<>();
        for (int i = 0; i < order.signers().size(); i++) {
            signers.add(PortalSigner.identifiedByPersonalIdentificationNumber(
                            order.signers().get(i).digits(), NotificationsUsingLookup.EMAIL_ONLY)
                    .withOrder(i + 1)
                    .build());
        }
        PortalJob.Builder job = PortalJob.builder(
                        order.title(),
                        List.of(PortalDocument.builder(order.documentTitle(), document)
                                .build()),
                        signers)
                .withReference(order.contractId())
                .withSender(sender)
                .availableFor(available);
        if (order.description() != null) {
            job.withDescription(order.description());
        }
        PortalJobResponse created = call("create a portal job", () -> client.create(job.build()));
        return new PostenJobHandle(
                created.getSignatureJobId(),
                created.getReference(),
                created.getCancellationUrl().getUrl());
    }

    /**
     * One poll of the sender's status queue. Call it from one poller per sender, no earlier than the previous
     * answer's {@code nextPermittedPollTime}; a poll that comes too early is a retryable failure.
     */
    public PostenPoll poll() {
        PortalJobStatusChanged changed = call("poll the status queue", () -> client.getStatusChange(sender));
        if (changed.is(PortalJobStatus.NO_CHANGES)) {
            return new PostenPoll(Optional.empty(), changed.getNextPermittedPollTime());
        }
        PostenStatusChange change = map(changed);
        if (change.confirmationUrl() != null) {
            unconfirmed.put(change.confirmationUrl(), changed);
        }
        return new PostenPoll(Optional.of(change), changed.getNextPermittedPollTime());
    }

    /**
     * Confirms a change once it is recorded: Posten then never hands it out again. Only a change this instance
     * polled can be confirmed (the client confirms its own status objects); after a restart an unconfirmed change
     * comes back from the queue, and that one is confirmed. False when this instance does not hold the change.
     */
    public boolean confirm(PostenStatusChange change) {
        PortalJobStatusChanged polled = unconfirmed.get(change.confirmationUrl());
        if (polled == null) {
            return false;
        }
        call("confirm a status change", () -> {
            client.confirm(polled); // the client logs it as "updated status for portal job with id N: STATUS"
            return null;
        });
        unconfirmed.remove(change.confirmationUrl());
        return true;
    }

    /** Cancels a running job; false when it had already ended (Posten answers 409). */
    public boolean cancel(PostenJobHandle job) {
        try {
            call("cancel a job", () -> {
                client.cancel(new PortalJobResponse(
                        job.jobId(), job.contractId(), CancellationUrl.of(job.cancellationUrl())));
                return null;
            });
            return true;
        } catch (SigningProviderException e) {
            if (e.getCause() instanceof JobCannotBeCancelledException) {
                return false;
            }
            throw e;
        }
    }

    /** Streams the signed PDF of a completed job (all signatures, in signer order) to the sink. */
    public void downloadSignedDocument(URI padesUrl, OutputStream sink) {
        copy("download the signed PDF", () -> client.getPAdES(PAdESReference.of(padesUrl)), sink);
    }

    /** Streams one signer's XAdES signature to the sink. */
    public void downloadSignerXades(URI xadesUrl, OutputStream sink) {
        copy("download a signer's XAdES", () -> client.getXAdES(XAdESReference.of(xadesUrl)), sink);
    }

    private void copy(String what, Supplier<InputStream> open, OutputStream sink) {
        call(what, () -> {
            try (InputStream in = open.get()) {
                in.transferTo(sink);
            } catch (IOException e) {
                throw new HttpIOException("reading the answer failed", e);
            }
            return null;
        });
    }

    private static PostenStatusChange map(PortalJobStatusChanged changed) {
        List<PostenStatusChange.SignerStatus> signers = new ArrayList<>();
        for (Signature s : changed.getSignatures()) {
            signers.add(new PostenStatusChange.SignerStatus(
                    s.getSigner() == null
                            ? null // a signer identified by contact details, which signchain never creates
                            : NationalId.tryParse(s.getSigner()).orElse(null),
                    signerState(s.getStatus()),
                    s.getStatusDateTime(),
                    s.getxAdESUrl() == null ? null : s.getxAdESUrl().getxAdESUrl()));
        }
        return new PostenStatusChange(
                changed.getSignatureJobId(),
                changed.getReference(),
                jobStatus(changed.getStatus()),
                signers,
                changed.isPAdESAvailable() ? changed.getpAdESUrl().getpAdESUrl() : null,
                changed.getConfirmationReference() == null
                        ? null
                        : changed.getConfirmationReference().getConfirmationUrl(),
                changed.getCancellationUrl() == null
                        ? null
                        : changed.getCancellationUrl().getUrl());
    }

    /** Every job status the queue can carry; an unknown one fails loudly rather than being guessed. */
    static PostenStatusChange.JobStatus jobStatus(PortalJobStatus status) {
        return switch (status) {
            case IN_PROGRESS -> PostenStatusChange.JobStatus.IN_PROGRESS;
            case COMPLETED_SUCCESSFULLY -> PostenStatusChange.JobStatus.COMPLETED;
            case FAILED -> PostenStatusChange.JobStatus.FAILED;
            case NO_CHANGES -> throw new IllegalArgumentException("NO_CHANGES is not a job status");
        };
    }

    /** Every signer status the client knows; an unknown one fails loudly rather than being guessed. */
    static PostenStatusChange.SignerState signerState(SignatureStatus status) {
        if (status.equals(SignatureStatus.WAITING)) {
            return PostenStatusChange.SignerState.WAITING;
        } else if (status.equals(SignatureStatus.SIGNED)) {
            return PostenStatusChange.SignerState.SIGNED;
        } else if (status.equals(SignatureStatus.REJECTED)) {
            return PostenStatusChange.SignerState.REJECTED;
        } else if (status.equals(SignatureStatus.CANCELLED)) {
            return PostenStatusChange.SignerState.CANCELLED;
        } else if (status.equals(SignatureStatus.EXPIRED)) {
            return PostenStatusChange.SignerState.EXPIRED;
        } else if (status.equals(SignatureStatus.NOT_APPLICABLE)) {
            return PostenStatusChange.SignerState.NOT_APPLICABLE;
        } else if (status.equals(SignatureStatus.RESERVED)
                || status.equals(SignatureStatus.BLOCKED)
                || status.equals(SignatureStatus.CONTACT_INFORMATION_MISSING)
                || status.equals(SignatureStatus.SIGNERS_NAME_NOT_AVAILABLE)) {
            return PostenStatusChange.SignerState.UNREACHABLE;
        }
        throw new IllegalArgumentException("unknown Posten signer status " + status);
    }

    /**
     * Runs a client call, turning the client's exceptions into {@link SigningProviderException}: I/O and TLS
     * failures, 5xx and too-early polls can pass on a retry; other refusals (4xx, an untrusted server, a sender the
     * certificate may not act for) repeat.
     */
    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (TooEagerPollingException e) {
            throw new SigningProviderException(
                    "Posten: polled before the permitted time", false, Duration.ofMinutes(1), e);
        } catch (UnexpectedResponseException e) {
            int status = e.httpStatusCode();
            throw new SigningProviderException(
                    "Posten could not " + what + ": HTTP " + status + " " + e.getErrorCode(), status < 500, null, e);
        } catch (JobCannotBeCancelledException e) {
            throw new SigningProviderException("Posten could not " + what + ": the job has ended", true, null, e);
        } catch (BrokerNotAuthorizedException e) {
            throw new SigningProviderException(
                    "Posten could not " + what + ": the certificate may not act for this sender", true, null, e);
        } catch (no.digipost.signature.client.core.exceptions.SecurityException e) {
            throw new SigningProviderException(
                    "Posten could not " + what + ": the server's certificate is not Posten Norge AS's", true, null, e);
        } catch (SignatureException | UncheckedIOException e) {
            throw new SigningProviderException(
                    "Posten could not " + what + ": " + e.getClass().getSimpleName(), false, null, e);
        }
    }
}
