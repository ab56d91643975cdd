package no.signchain.simulator.posten;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.crypto.Data;
import javax.xml.crypto.OctetStreamData;
import javax.xml.crypto.URIDereferencer;
import javax.xml.crypto.URIReferenceException;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Opens the ASiC-E package of a signature job (a zip: the documents, {@code manifest.xml} and
 * {@code META-INF/signatures.xml}) and checks its XAdES signature with the JDK's XML signature API: every reference
 * (each document, the manifest, the signed properties) must match, the signature must verify with the certificate in
 * it, and that certificate must be the one the sender presented for two-way TLS.
 */
final class AsiceVerifier {

    static final String MANIFEST = "manifest.xml";
    static final String SIGNATURES = "META-INF/signatures.xml";
    private static final String XMLDSIG = XMLSignature.XMLNS;

    /** The package's files by name, once its signature has been checked. */
    record Package(Map<String, byte[]> files) {}

    static final class InvalidPackage extends Exception {
        InvalidPackage(String message) {
            super(message, null, false, false);
        }
    }

    private AsiceVerifier() {}

    static Package open(byte[] zip, X509Certificate tlsClientCertificate) throws InvalidPackage {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    files.put(e.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new InvalidPackage("the document bundle is not a readable zip: " + e.getMessage());
        }
        if (!files.containsKey(MANIFEST)) {
            throw new InvalidPackage("the document bundle has no " + MANIFEST);
        }
        if (!files.containsKey(SIGNATURES)) {
            throw new InvalidPackage("the document bundle has no " + SIGNATURES);
        }
        verify(files, tlsClientCertificate);
        return new Package(files);
    }

    private static void verify(Map<String, byte[]> files, X509Certificate tlsClientCertificate) throws InvalidPackage {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(files.get(SIGNATURES)));
            markIds(doc.getDocumentElement());
            NodeList signatures = doc.getElementsByTagNameNS(XMLDSIG, "Signature");
            if (signatures.getLength() != 1) {
                throw new InvalidPackage(SIGNATURES + " must hold exactly one signature");
            }
            NodeList certs = doc.getElementsByTagNameNS(XMLDSIG, "X509Certificate");
            if (certs.getLength() == 0) {
                throw new InvalidPackage("the bundle's signature carries no certificate");
            }
            X509Certificate signer = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(
                            Base64.getMimeDecoder().decode(certs.item(0).getTextContent())));
            if (!signer.equals(tlsClientCertificate)) {
                throw new InvalidPackage("the bundle is not signed with the certificate used for two-way TLS");
            }
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            DOMValidateContext context = new DOMValidateContext(signer.getPublicKey(), signatures.item(0));
            URIDereferencer standard = factory.getURIDereferencer();
            context.setURIDereferencer((ref, ctx) -> {
                String uri = ref.getURI();
                if (uri != null && !uri.startsWith("#") && !uri.isEmpty()) {
                    byte[] file = files.get(fileName(uri));
                    if (file == null) {
                        throw new URIReferenceException("no file " + uri + " in the bundle");
                    }
                    return (Data) new OctetStreamData(new ByteArrayInputStream(file), uri, null);
                }
                return standard.dereference(ref, ctx);
            });
            XMLSignature signature = factory.unmarshalXMLSignature(context);
            if (!signature.validate(context)) {
                throw new InvalidPackage("the bundle's XAdES signature does not verify");
            }
            long unsigned = files.keySet().stream()
                    .filter(n -> !n.startsWith("META-INF/"))
                    .filter(n -> signature.getSignedInfo().getReferences().stream()
                            .map(r -> ((Reference) r).getURI())
                            .noneMatch(u -> u != null && n.equals(fileName(u))))
                    .count();
            if (unsigned > 0) {
                throw new InvalidPackage("the bundle holds files its signature does not cover");
            }
        } catch (InvalidPackage e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidPackage("the bundle's signature cannot be checked: " + e.getMessage());
        }
    }

    /** A reference's URI is the file's name, URL-encoded. */
    private static String fileName(String uri) {
        return URLDecoder.decode(uri, StandardCharsets.UTF_8);
    }

    /** XAdES references its SignedProperties by {@code Id}; DOM needs to be told which attributes are IDs. */
    private static void markIds(Element e) {
        if (e.hasAttribute("Id")) {
            e.setIdAttribute("Id", true);
        }
        if (e.hasAttribute("ID")) {
            e.setIdAttribute("ID", true);
        }
        for (var n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                markIds(child);
            }
        }
    }
}
