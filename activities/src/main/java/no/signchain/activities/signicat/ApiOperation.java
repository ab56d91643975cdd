package no.signchain.activities.signicat;

/**
 * Names a call by its method and path template ({@code GET /signing-sessions/{sessionId}}) for error messages:
 * the template groups errors of one endpoint and keeps ids out of exception messages.
 */
record ApiOperation(String method, String pathTemplate) {

    String describe() {
        return method + " " + pathTemplate;
    }
}
