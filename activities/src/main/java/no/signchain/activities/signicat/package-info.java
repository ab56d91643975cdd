/**
 * Client for Signicat's Sign API v2 ({@link no.signchain.activities.signicat.SignApiClient}): OAuth 2.0
 * client-credentials auth, document upload and download streamed, document collections, signing sessions, and
 * an unchecked error tree. No Spring here, and no retries: Temporal retries the activities that use it.
 */
package no.signchain.activities.signicat;
