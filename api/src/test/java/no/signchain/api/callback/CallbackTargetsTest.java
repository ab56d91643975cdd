package no.signchain.api.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import no.signchain.store.callback.CallbackOrigin;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackTargetsTest {

    /** Names resolved by this table only: no test depends on the machine's DNS. */
    private static final Map<String, List<String>> NAMES = Map.of(
            "business.example", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            "intranet.example", List.of("10.1.2.3"),
            "mixed.example", List.of("93.184.215.14", "192.168.1.20"),
            "metadata.example", List.of("169.254.169.254"),
            "localhost", List.of("127.0.0.1", "::1"));

    private static final CallbackTargets.Resolver RESOLVER = host -> {
        List<String> addresses = NAMES.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByName(addresses.get(i));
        }
        return resolved;
    };

    private final CallbackTargets strict = new CallbackTargets(false, RESOLVER);
    private final CallbackTargets loopbackAllowed = new CallbackTargets(true, RESOLVER);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1       | a loopback address (loopback is not allowed)",
                "127.10.20.30    | a loopback address (loopback is not allowed)",
                "::1             | a loopback address (loopback is not allowed)",
                "10.0.0.1        | a private address (RFC 1918)",
                "172.16.5.4      | a private address (RFC 1918)",
                "172.31.255.255  | a private address (RFC 1918)",
                "192.168.0.10    | a private address (RFC 1918)",
                "fc00::1         | a private address (unique local, fc00::/7)",
                "fd12:3456::1    | a private address (unique local, fc00::/7)",
                "169.254.1.1     | a link-local address",
                "fe80::1         | a link-local address",
                "100.64.0.1      | a shared address (carrier-grade NAT)",
                "100.127.255.254 | a shared address (carrier-grade NAT)",
                "169.254.169.254 | a cloud metadata address",
                "fd00:ec2::254   | a cloud metadata address (AWS IPv6)",
                "100.100.100.200 | a cloud metadata address (Alibaba)",
                "168.63.129.16   | a cloud metadata address (Azure)",
                "0.0.0.0         | an unspecified address",
                "::              | an unspecified address",
                "224.0.0.1       | a multicast address",
                "239.255.255.250 | a multicast address",
                "ff02::1         | a multicast address",
                "255.255.255.255 | a reserved address",
                "192.0.2.1       | a documentation address",
                "198.18.0.1      | a benchmarking address",
                "::ffff:10.0.0.1 | a private address (RFC 1918)",
                "64:ff9b::a9fe:a9fe | a cloud metadata address inside an IPv6 address",
                "2002:c0a8:0101::1  | a private address (RFC 1918) inside an IPv6 address",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2 | a Teredo tunnel address",
            })
    void everyRangeThatIsNotTheOpenInternetIsRefusedForAContractsUrl(String address, String reason) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address), CallbackOrigin.CONTRACT))
                .contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address), CallbackOrigin.CONTRACT))
                .isEmpty();
    }

    @Test
    void loopbackOnlyWhenAllowedAndTheOperatorsSubscriptionsMayBeInternalButNeverMetadata() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress intranet = InetAddress.getByName("10.1.2.3");
        InetAddress metadata = InetAddress.getByName("169.254.169.254");

        assertThat(loopbackAllowed.refusal(loopback, CallbackOrigin.CONTRACT)).isEmpty();
        assertThat(loopbackAllowed.refusal(intranet, CallbackOrigin.CONTRACT)).isPresent();
        assertThat(strict.refusal(intranet, CallbackOrigin.SUBSCRIPTION)).isEmpty();
        assertThat(strict.refusal(InetAddress.getByName("169.254.10.10"), CallbackOrigin.SUBSCRIPTION))
                .isEmpty();
        assertThat(strict.refusal(metadata, CallbackOrigin.SUBSCRIPTION)).contains("a cloud metadata address");
        assertThat(strict.refusal(loopback, CallbackOrigin.SUBSCRIPTION)).isPresent();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://business.example/hook                | must be an https URL",
                "ftp://business.example/hook                 | must be an https URL",
                "/relative/hook                              | must be an https URL",
                "https://user:pw@business.example/hook       | must not contain a user name or password",
                "https://business.example/hook#part          | must not contain a fragment (#…)",
                "https://nowhere.example/hook                | its host name does not resolve",
                "https://intranet.example/hook               | must not point at a private address (RFC 1918) (10.1.2.3)",
                "https://mixed.example/hook                  | must not point at a private address (RFC 1918) (192.168.1.20)",
                "https://metadata.example/latest             | must not point at a cloud metadata address (169.254.169.254)",
                "https://169.254.169.254/latest/meta-data    | must not point at a cloud metadata address (169.254.169.254)",
                "https://[fd00:ec2::254]/latest              | must not point at a cloud metadata address (AWS IPv6) (fd00:ec2:0:0:0:0:0:254)",
                "https://localhost:8443/hook                 | must not point at a loopback address (loopback is not allowed) (127.0.0.1)",
                "not a url                                   | is not a URL",
            })
    void aContractsCallbackUrlIsRefusedWithAReasonThatNeverQuotesIt(String url, String reason) {
        assertThat(strict.problemWithCallbackUrl(url)).contains(reason);
    }

    @Test
    void httpsToThePublicInternetIsAcceptedAndHttpOnlyToLoopbackWhenAllowed() {
        assertThat(strict.problemWithCallbackUrl("https://business.example/hooks/signchain?token=abc"))
                .isEmpty();
        assertThat(loopbackAllowed.problemWithCallbackUrl("http://127.0.0.1:9000/hook"))
                .isEmpty();
        assertThat(loopbackAllowed.problemWithCallbackUrl("http://localhost:9000/hook"))
                .isEmpty();
        assertThat(loopbackAllowed.problemWithCallbackUrl("http://business.example/hook"))
                .contains("must be an https URL (http only to a loopback address)");
        assertThat(loopbackAllowed.problemWithCallbackUrl("http://nowhere.example/hook"))
                .contains("must be an https URL (http only to a loopback address)");
        assertThat(strict.problemWithCallbackUrl("http://127.0.0.1:9000/hook")).contains("must be an https URL");
    }

    @Test
    void theDnsHandsOkHttpOnlyCheckedAddressesAndRefusesANameWithAnyRefusedOne() throws Exception {
        assertThat(strict.dns(CallbackOrigin.CONTRACT).lookup("business.example"))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
        assertThatThrownBy(() -> strict.dns(CallbackOrigin.CONTRACT).lookup("mixed.example"))
                .isInstanceOf(CallbackTargets.RefusedTarget.class)
                .hasMessage("refused: mixed.example resolves to a private address (RFC 1918) (192.168.1.20)");
        assertThatThrownBy(() -> strict.dns(CallbackOrigin.SUBSCRIPTION).lookup("metadata.example"))
                .isInstanceOf(CallbackTargets.RefusedTarget.class);
        assertThat(strict.dns(CallbackOrigin.SUBSCRIPTION).lookup("intranet.example"))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("10.1.2.3");
    }

    @Test
    void ipLiteralsThatOkHttpNeverResolvesAreCheckedBeforeTheCall() {
        assertThatThrownBy(() -> strict.preflight(HttpUrl.get("https://10.0.0.8/hook"), CallbackOrigin.CONTRACT))
                .hasMessage("refused: 10.0.0.8 is a private address (RFC 1918)");
        assertThatThrownBy(() ->
                        strict.preflight(HttpUrl.get("https://[::ffff:169.254.169.254]/"), CallbackOrigin.CONTRACT))
                .hasMessageContaining("a cloud metadata address");
        assertThatThrownBy(() ->
                        loopbackAllowed.preflight(HttpUrl.get("http://93.184.215.14/hook"), CallbackOrigin.CONTRACT))
                .hasMessage("refused: http is allowed only to loopback");
        assertThatThrownBy(() -> strict.preflight(HttpUrl.get("http://127.0.0.1/hook"), CallbackOrigin.CONTRACT))
                .isInstanceOf(CallbackTargets.RefusedTarget.class);
    }

    @Test
    void theDeliveryLogShowsTargetsWithoutTheirQuery() {
        assertThat(CallbackTargets.withoutQuery("https://business.example:8443/hooks?token=secret#x"))
                .isEqualTo("https://business.example:8443/hooks");
    }
}
