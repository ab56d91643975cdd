package no.signchain.simulator.posten;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import no.digipost.signature.api.xml.XMLError;
import no.digipost.signature.api.xml.XMLPortalDocument;
import no.digipost.signature.api.xml.XMLPortalSignatureJobManifest;
import no.digipost.signature.api.xml.XMLPortalSignatureJobRequest;
import no.digipost.signature.api.xml.XMLPortalSignatureJobResponse;
import no.digipost.signature.api.xml.XMLPortalSignatureJobStatus;
import no.digipost.signature.api.xml.XMLPortalSignatureJobStatusChangeResponse;
import no.digipost.signature.api.xml.XMLPortalSignatureStatusValue;
import no.digipost.signature.api.xml.XMLPortalSigner;
import no.digipost.signature.api.xml.XMLSignature;
import no.digipost.signature.api.xml.XMLSignatureStatus;
import no.digipost.signature.api.xml.XMLSignatures;
import no.digipost.signature.jaxb.JaxbMarshaller;
import no.digipost.signature.jaxb.SignatureMarshalling;
import no.digipost.signature.xsd.SignatureApiSchemas;
import no.digipost.xml.bind.MarshallingCustomization;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The fake Posten signering API: HTTPS on a port of its own, TLS 1.2, a client certificate required and trusted only
 * when issued by the fake's test CA ({@link #pki()}). The sender is the organisation number in that certificate; a
 * request for another sender's path is refused (403), as Posten refuses a sender that is not a broker for it.
 *
 * <p>Requests and answers are Posten's own XML, read and written with the JAXB classes and XSDs Posten publishes
 * (the ones the official client brings), validated against the schemas both ways. The routes, below {@code /api}:
 * <ul>
 *   <li>{@code POST /{org}/portal/signature-jobs}: a job (multipart/mixed: the request XML and the ASiC-E package);</li>
 *   <li>{@code GET /{org}/portal/signature-jobs?polling_queue=}: the status queue, with
 *       {@code X-Next-permitted-poll-time}; 204 when there is no change, 429 when polled too early;</li>
 *   <li>{@code POST .../{id}/complete/{change}}: confirm a status change; {@code POST .../{id}/cancel};</li>
 *   <li>{@code GET .../{id}/pades}, {@code GET .../{id}/signers/{n}/xades}; {@code DELETE .../{id}/documents}.</li>
 * </ul>
 * Confirmation is per status change (the URL names it), so a change handed out twice is confirmed once.
 */
@Component
@InSimulatorContext
@ConditionalOnProperty(name = "signchain.simulator.posten.enabled", havingValue = "true")
public class PostenApiServer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PostenApiServer.class);
    private static final String XML = "application/xml";
    private static final Pattern JOBS = Pattern.compile("^/api/([0-9]{9})/portal/signature-jobs/?$");
    private static final Pattern JOB = Pattern.compile(
            "^/api/([0-9]{9})/portal/signature-jobs/([0-9]+)/(cancel|pades|documents|complete/([0-9]+)|signers/([0-9]+)/xades)$");
    private static final DateTimeFormatter POLL_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final PostenJobs jobs;
    private final PostenPki pki = PostenPki.generate("Signchain Fake Buypass");
    private final JaxbMarshaller requests = JaxbMarshaller.ForRequestsOfAllApis.singleton();
    /**
     * The client reads answers without schema validation (its response marshaller is lenient, so a newer service can
     * add fields); the fake validates what it sends, so it never answers what the real service could not.
     */
    private final JaxbMarshaller responses = new JaxbMarshaller(
            MarshallingCustomization.validateUsingSchemaResources(SignatureApiSchemas.DIRECT_AND_PORTAL_API),
            SignatureMarshalling.allApiResponseClasses());

    private final HttpsServer server;
    private final ExecutorService executor;
    private final URI root;

    public PostenApiServer(PostenJobs jobs, PostenSimulatorProperties properties) throws Exception {
        this.jobs = jobs;
        char[] password = "posten-fake".toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(pki.postenServerKeyStore(password), password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLSv1.2");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(properties.address(), properties.port()), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.2"}); // Posten: "only supports TLS 1.2 for two-way TLS"
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        executor = Executors.newFixedThreadPool(4, SimulatorInfrastructure.daemonThreads("signchain-sim-posten-"));
        server.setExecutor(executor);
        server.createContext("/api/", this::handle);
        server.start();
        root = URI.create(
                "https://" + properties.address() + ":" + server.getAddress().getPort() + "/api");
        log.info("Fake Posten signering API on {} (two-way TLS)", root);
        if (properties.credentialsDir() != null) {
            PostenCredentials.write(
                    pki,
                    properties.credentialsDir(),
                    properties.senderOrganisationNumber(),
                    properties.credentialsPassword());
            log.info(
                    "Fake Posten credentials for sender {} written to {}",
                    properties.senderOrganisationNumber(),
                    properties.credentialsDir());
        }
    }

    /** The API root the official client's {@code ServiceEnvironment.withServiceUrl} takes. */
    public URI apiRoot() {
        return root;
    }

    /** The test CA: the clients' truststore holds its certificate, and it issues their organisation certificates. */
    public PostenPki pki() {
        return pki;
    }

    @Override
    public void destroy() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String sender = sender((HttpsExchange) exchange);
            if (sender == null) {
                error(
                        exchange,
                        403,
                        "NOT_AN_ORGANISATION_CERTIFICATE",
                        "The client certificate names no organisation number.");
                return;
            }
            if (jobs.takeFailure()) {
                error(exchange, 503, "SERVICE_UNAVAILABLE", "The service is unavailable (fault knob).");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher m;
            if ((m = JOBS.matcher(path)).matches()) {
                if (!authorised(exchange, sender, m.group(1))) {
                    return;
                }
                switch (method) {
                    case "POST" -> create(exchange, sender);
                    case "GET" -> poll(exchange, sender);
                    default -> error(exchange, 405, "METHOD_NOT_ALLOWED", method + " is not allowed here.");
                }
            } else if ((m = JOB.matcher(path)).matches()) {
                if (!authorised(exchange, sender, m.group(1))) {
                    return;
                }
                Optional<PostenJob> job = jobs.findForSender(Long.parseLong(m.group(2)), sender);
                if (job.isEmpty()) {
                    error(exchange, 404, "SIGNATURE_JOB_NOT_FOUND", "No such signature job.");
                    return;
                }
                String action = m.group(3);
                if (action.startsWith("complete/") && method.equals("POST")) {
                    jobs.confirm(sender, job.get().id, Long.parseLong(m.group(4)));
                    empty(exchange, 200);
                } else if (action.equals("cancel") && method.equals("POST")) {
                    if (jobs.cancel(job.get())) {
                        empty(exchange, 200);
                    } else {
                        error(exchange, 409, "JOB_NOT_CANCELLABLE", "The signature job has already ended.");
                    }
                } else if (action.equals("pades") && method.equals("GET")) {
                    pades(exchange, job.get());
                } else if (action.startsWith("signers/") && method.equals("GET")) {
                    xades(exchange, job.get(), Integer.parseInt(m.group(5)));
                } else if (action.equals("documents") && method.equals("DELETE")) {
                    jobs.deleteDocuments(job.get());
                    empty(exchange, 200);
                } else {
                    error(exchange, 405, "METHOD_NOT_ALLOWED", method + " is not allowed here.");
                }
            } else {
                error(exchange, 404, "NOT_FOUND", "No such resource.");
            }
        } catch (RuntimeException e) {
            log.warn("Fake Posten API failed", e);
            error(exchange, 500, "INTERNAL_ERROR", "The fake Posten service failed.");
        }
    }

    private boolean authorised(HttpExchange exchange, String sender, String pathSender) throws IOException {
        if (!sender.equals(pathSender)) {
            error(
                    exchange,
                    403,
                    "BROKER_NOT_AUTHORIZED",
                    "The client certificate's organisation may not act for " + pathSender + ".");
            return false;
        }
        return true;
    }

    private void create(HttpExchange exchange, String sender) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        List<MultipartMixed.Part> parts;
        try {
            parts = MultipartMixed.parse(contentType, exchange.getRequestBody().readAllBytes());
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "INVALID_REQUEST", e.getMessage());
            return;
        }
        if (parts.size() != 2
                || !parts.get(0).contentType().startsWith(XML)
                || !parts.get(1).contentType().startsWith("application/octet-stream")) {
            error(exchange, 400, "INVALID_REQUEST", "Expected two parts: the job XML and the document bundle.");
            return;
        }
        XMLPortalSignatureJobRequest request;
        XMLPortalSignatureJobManifest manifest;
        AsiceVerifier.Package bundle;
        try {
            request = requests.unmarshal(parts.get(0).body(), XMLPortalSignatureJobRequest.class);
            bundle = AsiceVerifier.open(parts.get(1).body(), clientCertificate((HttpsExchange) exchange));
            manifest =
                    requests.unmarshal(bundle.files().get(AsiceVerifier.MANIFEST), XMLPortalSignatureJobManifest.class);
        } catch (AsiceVerifier.InvalidPackage e) {
            error(exchange, 400, "INVALID_DOCUMENT_BUNDLE", e.getMessage());
            return;
        } catch (RuntimeException e) { // SignatureMarshalException: not valid against Posten's schema
            error(exchange, 400, "INVALID_XML", "Not valid against the signature API's schema: " + rootMessage(e));
            return;
        }
        if (manifest.getSender() != null && !sender.equals(manifest.getSender().getOrganizationNumber())) {
            error(exchange, 403, "BROKER_NOT_AUTHORIZED", "The manifest names another sender.");
            return;
        }
        if (manifest.getDocuments().size() != 1) {
            error(exchange, 400, "INVALID_REQUEST", "This fake signs jobs of exactly one PDF document.");
            return;
        }
        XMLPortalDocument document = manifest.getDocuments().get(0);
        byte[] pdf = bundle.files().get(document.getHref().asString());
        if (pdf == null || !"application/pdf".equals(document.getMediaType())) {
            error(exchange, 400, "INVALID_REQUEST", "The manifest's document is not a PDF in the bundle.");
            return;
        }
        List<Integer> orders = new ArrayList<>();
        List<String> nins = new ArrayList<>();
        for (XMLPortalSigner signer : manifest.getSigners()) {
            if (signer.getPersonalIdentificationNumber() == null) {
                error(
                        exchange,
                        400,
                        "INVALID_REQUEST",
                        "This fake only takes signers identified by national identity number.");
                return;
            }
            orders.add(signer.getOrder() == null ? 0 : signer.getOrder());
            nins.add(signer.getPersonalIdentificationNumber());
        }
        Long seconds = manifest.getAvailability() == null
                ? null
                : manifest.getAvailability().getAvailableSeconds();
        PostenJob job = jobs.create(new PostenJobs.NewJob(
                sender,
                request.getPollingQueue(),
                request.getReference(),
                manifest.getTitle(),
                document.getTitle(),
                orders,
                nins,
                Duration.ofSeconds(seconds == null ? Duration.ofDays(30).toSeconds() : seconds),
                pdf,
                new String(parts.get(0).body(), StandardCharsets.UTF_8),
                new String(bundle.files().get(AsiceVerifier.MANIFEST), StandardCharsets.UTF_8)));
        if (jobs.takeLostCreateAnswer()) {
            error(exchange, 503, "SERVICE_UNAVAILABLE", "The answer was lost (fault knob); the job exists.");
            return;
        }
        xml(
                exchange,
                200,
                new XMLPortalSignatureJobResponse()
                        .withSignatureJobId(job.id)
                        .withReference(job.reference)
                        .withCancellationUrl(jobUrl(sender, job.id, "cancel")));
    }

    private void poll(HttpExchange exchange, String sender) throws IOException {
        String queue = queryParameter(exchange.getRequestURI(), "polling_queue");
        PostenJobs.Poll poll;
        try {
            poll = jobs.poll(sender, queue);
        } catch (PostenJobs.TooEagerPolling e) {
            error(exchange, 429, "TOO_EAGER_POLLING", "Polled before X-Next-permitted-poll-time.");
            return;
        }
        exchange.getResponseHeaders()
                .set(
                        "X-Next-permitted-poll-time",
                        POLL_TIME.format(poll.nextPermittedPollTime().atOffset(ZoneOffset.UTC)));
        if (poll.change().isEmpty()) {
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        xml(exchange, 200, statusChange(sender, poll.change().get()));
    }

    private XMLPortalSignatureJobStatusChangeResponse statusChange(String sender, PostenJobs.StatusChange change) {
        XMLSignatures signatures = new XMLSignatures();
        for (PostenJobs.SignerSnapshot s : change.signers()) {
            XMLSignature signature = new XMLSignature()
                    .withPersonalIdentificationNumber(s.nin())
                    .withStatus(new XMLSignatureStatus()
                            .withValue(xmlStatus(s.status()))
                            .withSince(s.since().atZone(ZoneOffset.UTC)));
            if (s.status() == PostenJob.SignerStatus.SIGNED) {
                signature.setXadesUrl(jobUrl(sender, change.jobId(), "signers/" + s.number() + "/xades"));
            }
            signatures.getSignatures().add(signature);
        }
        if (change.status() == PostenJob.Status.COMPLETED_SUCCESSFULLY) {
            signatures.setPadesUrl(jobUrl(sender, change.jobId(), "pades"));
        }
        return new XMLPortalSignatureJobStatusChangeResponse()
                .withSignatureJobId(change.jobId())
                .withReference(change.reference())
                .withStatus(
                        XMLPortalSignatureJobStatus.fromValue(change.status().name()))
                .withConfirmationUrl(jobUrl(sender, change.jobId(), "complete/" + change.sequence()))
                .withCancellationUrl(
                        change.status() == PostenJob.Status.IN_PROGRESS
                                ? jobUrl(sender, change.jobId(), "cancel")
                                : null)
                .withDeleteDocumentsUrl(
                        change.status() == PostenJob.Status.IN_PROGRESS
                                ? null
                                : jobUrl(sender, change.jobId(), "documents"))
                .withSignatures(signatures);
    }

    private void pades(HttpExchange exchange, PostenJob job) throws IOException {
        if (job.status != PostenJob.Status.COMPLETED_SUCCESSFULLY || job.documentsDeleted) {
            error(exchange, 404, "PADES_NOT_AVAILABLE", "There is no signed document for this job.");
            return;
        }
        bytes(exchange, "application/pdf", job.signedPdf);
    }

    private void xades(HttpExchange exchange, PostenJob job, int signerNumber) throws IOException {
        PostenJob.Signer signer = job.signer(signerNumber);
        if (signer == null || signer.xades == null || job.documentsDeleted) {
            error(exchange, 404, "XADES_NOT_AVAILABLE", "There is no XAdES for this signer.");
            return;
        }
        bytes(exchange, XML, signer.xades);
    }

    /** Posten's XML name for a signer's status; every status the fake uses has one. */
    private static XMLPortalSignatureStatusValue xmlStatus(PostenJob.SignerStatus status) {
        return switch (status) {
            case WAITING -> XMLPortalSignatureStatusValue.WAITING;
            case SIGNED -> XMLPortalSignatureStatusValue.SIGNED;
            case REJECTED -> XMLPortalSignatureStatusValue.REJECTED;
            case CANCELLED -> XMLPortalSignatureStatusValue.CANCELLED;
            case EXPIRED -> XMLPortalSignatureStatusValue.EXPIRED;
            case NOT_APPLICABLE -> XMLPortalSignatureStatusValue.NOT_APPLICABLE;
        };
    }

    private URI jobUrl(String sender, long jobId, String tail) {
        return URI.create(root + "/" + sender + "/portal/signature-jobs/" + jobId + "/" + tail);
    }

    private static String sender(HttpsExchange exchange) {
        X509Certificate certificate = clientCertificate(exchange);
        return certificate == null ? null : PostenPki.organisationNumber(certificate);
    }

    private static X509Certificate clientCertificate(HttpsExchange exchange) {
        try {
            return (X509Certificate) exchange.getSSLSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            return null; // not reached with needClientAuth: the handshake already failed
        }
    }

    private void xml(HttpExchange exchange, int status, Object body) throws IOException {
        bytes(exchange, XML, status, responses.marshalToBytes(body));
    }

    private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        XMLError error = new XMLError()
                .withErrorCode(code)
                .withErrorMessage(message)
                .withErrorType(status >= 500 ? "SERVER" : "CLIENT");
        bytes(exchange, XML, status, responses.marshalToBytes(error));
    }

    private static void bytes(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        bytes(exchange, contentType, 200, body);
    }

    private static void bytes(HttpExchange exchange, String contentType, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void empty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
