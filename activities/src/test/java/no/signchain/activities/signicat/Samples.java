package no.signchain.activities.signicat;

import no.signchain.store.contract.NationalId;

/** Response bodies from Signicat's Sign API v2 reference, each with an extra unknown field. */
final class Samples {

    /** Synthetic (not a real person's) Norwegian national identity number. */
    static final String NIN = "06046517928";

    static final NationalId NATIONAL_ID = NationalId.parse(NIN);

    private Samples() {}

    static final String DOCUMENT_REFERENCE = """
            {
              "mimeType": "application/pdf",
              "documentId": "d1234567-89ab-cdef-0123-456789abcdef",
              "createdAt": "2023-04-12T10:30:00Z",
              "documentHash": {"hash": "q83vEjRWeJA=", "hashAlgorithm": "SHA256", "futureField": 1},
              "someFieldSignicatAddsLater": {"nested": [1, 2, 3]}
            }""";

    static final String DOCUMENT_METADATA = """
            {
              "mimeType": "application/pdf",
              "documentId": "d1234567-89ab-cdef-0123-456789abcdef",
              "createdAt": "2023-04-12T10:30:00Z",
              "documentHash": {"hash": "q83vEjRWeJA=", "hashAlgorithm": "SHA256"},
              "filename": "invoice_001.pdf",
              "description": "Invoice for order #001",
              "title": "Invoice #001",
              "unknownField": "ignored"
            }""";

    static final String DOCUMENT_COLLECTION = """
            {
              "id": "f05d0dce-a7af-432b-b6b8-e455ab7c0858",
              "documents": [{"documentId": "15197b79-6333-4fa5-9e4c-23b9392a838f"}],
              "packageTo": ["PADES_CONTAINER"],
              "output": {
                "packages": [{
                  "packageId": "f05d0dce-a7af-432b-b6b8-e455ab7c0863",
                  "resultDocumentId": "f05d0dce-a7af-432b-b6b8-e455ab7c0864",
                  "resultArchiveId": "f05d0dce-a7af-432b-b6b8-e455ab7c0865",
                  "packageType": "PADES_CONTAINER"
                }]
              },
              "unknownField": true
            }""";

    static final String SIGNING_SESSION = """
            {
              "id": "f05d0dce-a7af-432b-b6b8-e455ab7c0852",
              "signatureUrlTTL": 5,
              "signatureUrlTimeToLive": "PT1M30S",
              "signatureUrlExpiresAt": "2026-01-15T14:05:00Z",
              "signatureUrl": "https://sign.example.signicat.com/session/f05d0dce",
              "title": "Rental agreement",
              "signText": "Please sign this document",
              "dueDate": "2025-04-01T17:32:28Z",
              "documents": [{
                "documentCollectionId": "f05d0dce-a7af-432b-b6b8-e455ab7c0853",
                "action": "SIGN",
                "documentId": "f05d0dce-a7af-432b-b6b8-e455ab7c0857"
              }],
              "lifecycle": {"state": "SIGNED", "stateIsFinal": true, "changedAt": "2026-01-20T10:30:01Z"},
              "output": {
                "signatures": [{
                  "documentCollectionId": "f05d0dce-a7af-432b-b6b8-e455ab7c0854",
                  "resultDocumentId": "f05d0dce-a7af-432b-b6b8-e455ab7c0855",
                  "originalDocumentId": "f05d0dce-a7af-432b-b6b8-e455ab7c0856",
                  "resultArchiveId": "f05d0dce-a7af-432b-b6b8-e455ab7c0857",
                  "signatureType": "PADES"
                }],
                "packages": [{
                  "packageId": "f05d0dce-a7af-432b-b6b8-e455ab7c0863",
                  "resultDocumentId": "f05d0dce-a7af-432b-b6b8-e455ab7c0863",
                  "resultArchiveId": "f05d0dce-a7af-432b-b6b8-e455ab7c0863",
                  "packageType": "PADES_CONTAINER"
                }],
                "userInfo": {
                  "signingTime": "2026-01-20T10:30:00Z",
                  "fullName": "Kari Nordmann",
                  "dateOfBirth": "1970-01-01",
                  "nin": "06046517928",
                  "firstName": "Kari",
                  "lastName": "Nordmann",
                  "extra": {"property1": "string", "property2": "string"}
                }
              },
              "externalReference": "contract-42/step-1",
              "signingSetup": [{
                "vendor": "NBID",
                "identityProviders": [{"idpName": "nbid"}],
                "signingFlow": "PKISIGNING",
                "additionalParameters": {"property1": "string"},
                "requestedAttributes": ["nin", "dateOfBirth"]
              }],
              "subsequentTo": [],
              "packageTo": ["PADES_CONTAINER"],
              "signer": {
                "email": "kari@example.org",
                "mobile": "+47 123 45 678",
                "nationalIdentificationNumber": "06046517928",
                "username": "username123",
                "prefill": ["NATIONAL_IDENTIFICATION_NUMBER"],
                "validations": ["NATIONAL_IDENTIFICATION_NUMBER"]
              },
              "archive": {"sendSignatureResultsToArchive": true, "retentionPeriod": "P1Y", "archiveTags": ["x"]},
              "preAuthentication": {"enabled": true},
              "ui": {"language": "nb", "hideWelcomeScreen": true, "minimalTextMode": true},
              "intentionText": {"value": "string", "format": "TEXT"},
              "redirectSettings": {"success": "https://app.example/ok", "cancel": "https://app.example/cancel",
                                   "error": "https://app.example/error"},
              "notifications": [{"category": "SIGNING_NOTIFICATION", "communicationMethod": "SMS"}],
              "usageTags": ["signchain"],
              "aFieldFromTheFuture": {"anything": ["goes"]}
            }""";

    /** A freshly created, open session: no output yet. */
    static final String READY_SESSION = """
            {
              "id": "a0000000-0000-0000-0000-000000000001",
              "title": "Loan agreement",
              "signatureUrl": "https://sign.example.signicat.com/session/a0000000",
              "signatureUrlExpiresAt": "2026-01-15T14:05:00Z",
              "dueDate": "2026-02-01T12:00:00Z",
              "documents": [{"documentCollectionId": "c1", "documentId": "d1", "action": "SIGN"}],
              "externalReference": "contract-42/step-1",
              "lifecycle": {"state": "READY", "stateIsFinal": false},
              "signer": {"nationalIdentificationNumber": "06046517928",
                         "validations": ["NATIONAL_IDENTIFICATION_NUMBER"]},
              "ui": {"language": "nb"},
              "unknown": 1
            }""";
}
