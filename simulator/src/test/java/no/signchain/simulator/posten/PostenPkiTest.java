package no.signchain.simulator.posten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class PostenPkiTest {

    private static final char[] PASSWORD = "pw".toCharArray();

    @Test
    void theServerCertificateIsPostenNorgeAsAndAnOrganisationCertificateCarriesItsNumber() throws Exception {
        PostenPki pki = PostenPki.generate("Test CA");

        X509Certificate server = leaf(pki.postenServerKeyStore(PASSWORD));
        X509Certificate client = leaf(pki.organisationCertificate("991825827", "Sender AS", PASSWORD));

        assertThat(PostenPki.organisationNumber(server)).isEqualTo("984661185");
        assertThat(server.getSubjectX500Principal().getName()).contains("POSTEN NORGE AS");
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(PostenPki.organisationNumber(client)).isEqualTo("991825827");
        assertThat(client.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2"); // clientAuth
        server.verify(pki.caCertificate().getPublicKey());
        client.verify(pki.caCertificate().getPublicKey());
    }

    @Test
    void anotherInstanceIsAnotherCa() throws Exception {
        X509Certificate stranger =
                leaf(PostenPki.generate("Other CA").organisationCertificate("991825827", "Sender AS", PASSWORD));

        assertThatThrownBy(() -> stranger.verify(
                        PostenPki.generate("Test CA").caCertificate().getPublicKey()))
                .isInstanceOf(SignatureException.class);
    }

    private static X509Certificate leaf(KeyStore keyStore) throws Exception {
        return (X509Certificate) keyStore.getCertificate(PostenPki.KEY_ALIAS);
    }
}
