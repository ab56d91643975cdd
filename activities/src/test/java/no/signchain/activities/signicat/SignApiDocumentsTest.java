package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.signchain.activities.signicat.wire.DocumentHash;
import no.signchain.activities.signicat.wire.DocumentMetadata;
import no.signchain.activities.signicat.wire.DocumentMetadataUpdate;
import no.signchain.activities.signicat.wire.DocumentReference;
import no.signchain.activities.signicat.wire.ResultPackage;
import no.signchain.activities.signicat.wire.SignicatDocumentCollection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SignApiDocumentsTest {

    private static final JsonMapper JSON = SignApiClient.createJsonMapper();
    private static final String DOCUMENT_ID = "d1234567-89ab-cdef-0123-456789abcdef";

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeSignicat signicat;
    SignApiClient client;

    @BeforeEach
    void setUp() {
        signicat = FakeSignicat.on(server);
        client = FakeSignicat.client(server);
    }

    @Test
    void uploadSendsRawBytesWithMimeTypeAndMapsTheReference() {
        signicat.enqueueJson(201, Samples.DOCUMENT_REFERENCE);
        byte[] pdf = "%PDF-1.7 tiny".getBytes(StandardCharsets.US_ASCII);

        DocumentReference reference = client.uploadDocument(DocumentSource.ofBytes(pdf, "application/pdf"));

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/documents");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/pdf");
        assertThat(request.getHeaders().get("Content-Length")).isEqualTo(String.valueOf(pdf.length));
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
        assertThat(request.getHeaders().get(SignApiClient.ORGANIZATION_HEADER)).isNull();
        assertThat(request.getBody().toByteArray()).isEqualTo(pdf);

        assertThat(reference)
                .isEqualTo(new DocumentReference(
                        DOCUMENT_ID,
                        "application/pdf",
                        Instant.parse("2023-04-12T10:30:00Z"),
                        new DocumentHash("q83vEjRWeJA=", "SHA256")));
    }

    @Test
    void organizationHeaderIsSentWhenConfigured() {
        client = new SignApiClient(FakeSignicat.settings(server).withOrganizationId("o-123"));
        signicat.enqueueJson(200, Samples.DOCUMENT_METADATA);

        client.getDocumentMetadata(DOCUMENT_ID);

        assertThat(signicat.lastApiRequest().getHeaders().get(SignApiClient.ORGANIZATION_HEADER))
                .isEqualTo("o-123");
        // The token endpoint is not part of the Sign API and gets no organisation header.
        assertThat(signicat.tokenRequests.getFirst().getHeaders().get(SignApiClient.ORGANIZATION_HEADER))
                .isNull();
    }

    @Test
    void downloadCopiesTheBodyIntoTheSink() {
        signicat.enqueue(new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/pdf")
                .body("%PDF-1.7 signed")
                .build());
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        long copied = client.downloadDocument(DOCUMENT_ID, sink);

        assertThat(copied).isEqualTo(15);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.7 signed");
        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/documents/" + DOCUMENT_ID);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    }

    @Test
    void idsArePathSegmentsNotPaths() {
        signicat.enqueueJson(200, Samples.DOCUMENT_METADATA);

        client.getDocumentMetadata("../signing-sessions");

        assertThat(signicat.lastApiRequest().getUrl().encodedPath())
                .isEqualTo("/sign/documents/..%2Fsigning-sessions/metadata");
    }

    @Test
    void getMetadata() {
        signicat.enqueueJson(200, Samples.DOCUMENT_METADATA);

        DocumentMetadata metadata = client.getDocumentMetadata(DOCUMENT_ID);

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/documents/" + DOCUMENT_ID + "/metadata");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(metadata)
                .isEqualTo(new DocumentMetadata(
                        DOCUMENT_ID,
                        "application/pdf",
                        Instant.parse("2023-04-12T10:30:00Z"),
                        new DocumentHash("q83vEjRWeJA=", "SHA256"),
                        "invoice_001.pdf",
                        "Invoice #001",
                        "Invoice for order #001"));
    }

    @Test
    void updateMetadataPatchesOnlyTheGivenFields() {
        signicat.enqueueJson(200, Samples.DOCUMENT_METADATA);

        DocumentMetadata metadata = client.updateDocumentMetadata(
                DOCUMENT_ID, new DocumentMetadataUpdate("invoice_001.pdf", "Invoice #001", null));

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/documents/" + DOCUMENT_ID + "/metadata");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(JSON.readTree(request.getBody().utf8()))
                .isEqualTo(JSON.readTree("{\"filename\":\"invoice_001.pdf\",\"title\":\"Invoice #001\"}"));
        assertThat(metadata.title()).isEqualTo("Invoice #001");
    }

    @Test
    void deleteDocument() {
        signicat.enqueue(new MockResponse.Builder().code(204).build());

        client.deleteDocument(DOCUMENT_ID);

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/documents/" + DOCUMENT_ID);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    }

    @Test
    void createCollection() {
        signicat.enqueueJson(201, Samples.DOCUMENT_COLLECTION);

        SignicatDocumentCollection collection = client.createDocumentCollection(
                List.of("15197b79-6333-4fa5-9e4c-23b9392a838f"), List.of("PADES_CONTAINER"));

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/document-collections");
        assertThat(JSON.readTree(request.getBody().utf8())).isEqualTo(JSON.readTree("""
                {"documents":[{"documentId":"15197b79-6333-4fa5-9e4c-23b9392a838f"}],
                 "packageTo":["PADES_CONTAINER"]}"""));
        assertThat(collection.id()).isEqualTo("f05d0dce-a7af-432b-b6b8-e455ab7c0858");
        assertThat(collection.documents())
                .containsExactly(new SignicatDocumentCollection.Document("15197b79-6333-4fa5-9e4c-23b9392a838f"));
        assertThat(collection.output().packages())
                .containsExactly(new ResultPackage(
                        "f05d0dce-a7af-432b-b6b8-e455ab7c0863", "f05d0dce-a7af-432b-b6b8-e455ab7c0864",
                        "f05d0dce-a7af-432b-b6b8-e455ab7c0865", "PADES_CONTAINER"));
    }

    @Test
    void createCollectionWithoutPackagingLeavesPackageToOut() {
        signicat.enqueueJson(201, """
                {"id":"c1","documents":[{"documentId":"d1"},{"documentId":"d2"}]}""");

        SignicatDocumentCollection collection = client.createDocumentCollection(List.of("d1", "d2"));

        assertThat(JSON.readTree(signicat.lastApiRequest().getBody().utf8()))
                .isEqualTo(JSON.readTree("{\"documents\":[{\"documentId\":\"d1\"},{\"documentId\":\"d2\"}]}"));
        assertThat(collection.output()).isNull();
        assertThat(collection.documents()).hasSize(2);
    }

    @Test
    void getAndDeleteCollection() {
        signicat.enqueueJson(200, Samples.DOCUMENT_COLLECTION);
        signicat.enqueue(new MockResponse.Builder().code(204).build());

        SignicatDocumentCollection collection = client.getDocumentCollection("f05d0dce-a7af-432b-b6b8-e455ab7c0858");
        client.deleteDocumentCollection("f05d0dce-a7af-432b-b6b8-e455ab7c0858");

        assertThat(collection.packageTo()).containsExactly("PADES_CONTAINER");
        assertThat(signicat.apiRequest(0).getMethod()).isEqualTo("GET");
        assertThat(signicat.apiRequest(0).getUrl().encodedPath())
                .isEqualTo("/sign/document-collections/f05d0dce-a7af-432b-b6b8-e455ab7c0858");
        assertThat(signicat.apiRequest(1).getMethod()).isEqualTo("DELETE");
        assertThat(signicat.apiRequest(1).getUrl().encodedPath())
                .isEqualTo("/sign/document-collections/f05d0dce-a7af-432b-b6b8-e455ab7c0858");
    }
}
