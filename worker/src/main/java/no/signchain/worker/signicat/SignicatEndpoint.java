package no.signchain.worker.signicat;

import java.net.URI;

/**
 * Where the Sign API is and how to log in to it, when configuration does not say: the all-in-one app provides one
 * for its embedded simulator. Configured {@code signchain.signicat.*} values always win.
 */
public interface SignicatEndpoint {

    URI baseUrl();

    URI tokenUrl();

    String clientId();

    String clientSecret();
}
