package no.signchain.api.callback;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import no.signchain.store.callback.CallbackOrigin;
import okhttp3.Connection;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;

/**
 * Where a callback may go. A contract's {@code callbackUrl} comes from a business system and could point anywhere,
 * signchain's own network included (server-side request forgery), so:
 * <ul>
 *   <li>it must be {@code https}, or {@code http} to a loopback address when {@code allow-loopback} is set; no user
 *       info, no fragment;</li>
 *   <li>its name is resolved and <em>every</em> address checked: loopback (unless allowed), private (RFC 1918,
 *       fc00::/7), link-local (169.254/16, fe80::/10), shared (CGNAT 100.64/10), cloud metadata, unspecified,
 *       multicast, reserved, documentation and benchmarking ranges are refused, also when embedded in IPv6
 *       (IPv4-mapped, NAT64, 6to4) or tunnelled (Teredo);</li>
 *   <li>at delivery the same check runs again in OkHttp's {@link Dns} (a name may resolve elsewhere by then), which
 *       hands OkHttp only the addresses it checked, so the connection goes to exactly those; IP literals, which
 *       OkHttp does not resolve, are checked before the call ({@link #preflight}); and the connected socket's
 *       address is checked once more before a byte of the request is sent ({@link #connectedAddressCheck}).</li>
 * </ul>
 * Subscriptions from configuration are the operator's own: private and link-local addresses are allowed for them,
 * while metadata, unspecified, multicast and reserved addresses, and loopback unless allowed, are refused for every
 * target.
 */
public final class CallbackTargets {

    /** Resolves a name to its addresses; the system resolver in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A target refused by the address rules. An {@link UnknownHostException}, as OkHttp's {@link Dns} may throw. */
    public static final class RefusedTarget extends UnknownHostException {
        RefusedTarget(String reason) {
            super(reason);
        }
    }

    static final int MAX_URL_LENGTH = 2000;
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private enum Kind {
        /** Refused for every target. */
        NEVER,
        /** Refused unless {@code allow-loopback}. */
        LOOPBACK,
        /** Refused for a contract's callback URL; allowed for the operator's subscriptions. */
        INTERNAL
    }

    private record Range(byte[] network, int prefix, Kind kind, String what) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    /** First match wins: the single metadata addresses come before the ranges they lie in. */
    private static final List<Range> RANGES = List.of(
            range("169.254.169.254/32", Kind.NEVER, "a cloud metadata address"),
            range("169.254.170.2/32", Kind.NEVER, "a cloud metadata address (ECS)"),
            range("100.100.100.200/32", Kind.NEVER, "a cloud metadata address (Alibaba)"),
            range("168.63.129.16/32", Kind.NEVER, "a cloud metadata address (Azure)"),
            range("fd00:ec2::254/128", Kind.NEVER, "a cloud metadata address (AWS IPv6)"),
            range("0.0.0.0/8", Kind.NEVER, "an unspecified address"),
            range("::/128", Kind.NEVER, "an unspecified address"),
            range("224.0.0.0/4", Kind.NEVER, "a multicast address"),
            range("ff00::/8", Kind.NEVER, "a multicast address"),
            range("240.0.0.0/4", Kind.NEVER, "a reserved address"),
            range("127.0.0.0/8", Kind.LOOPBACK, "a loopback address"),
            range("::1/128", Kind.LOOPBACK, "a loopback address"),
            range("10.0.0.0/8", Kind.INTERNAL, "a private address (RFC 1918)"),
            range("172.16.0.0/12", Kind.INTERNAL, "a private address (RFC 1918)"),
            range("192.168.0.0/16", Kind.INTERNAL, "a private address (RFC 1918)"),
            range("100.64.0.0/10", Kind.INTERNAL, "a shared address (carrier-grade NAT)"),
            range("169.254.0.0/16", Kind.INTERNAL, "a link-local address"),
            range("192.0.0.0/24", Kind.INTERNAL, "an IETF protocol address"),
            range("192.0.2.0/24", Kind.INTERNAL, "a documentation address"),
            range("198.51.100.0/24", Kind.INTERNAL, "a documentation address"),
            range("203.0.113.0/24", Kind.INTERNAL, "a documentation address"),
            range("198.18.0.0/15", Kind.INTERNAL, "a benchmarking address"),
            range("fc00::/7", Kind.INTERNAL, "a private address (unique local, fc00::/7)"),
            range("fe80::/10", Kind.INTERNAL, "a link-local address"),
            range("fec0::/10", Kind.INTERNAL, "a site-local address"),
            range("2001:db8::/32", Kind.INTERNAL, "a documentation address"),
            range("100::/64", Kind.INTERNAL, "a discard address"),
            range("2001::/32", Kind.INTERNAL, "a Teredo tunnel address"),
            range("::/96", Kind.INTERNAL, "an IPv4-compatible address"));

    private static final Range MAPPED = range("::ffff:0:0/96", Kind.NEVER, "IPv4-mapped");
    private static final Range NAT64 = range("64:ff9b::/96", Kind.NEVER, "NAT64");
    private static final Range SIX_TO_FOUR = range("2002::/16", Kind.NEVER, "6to4");

    private final boolean allowLoopback;
    private final Resolver resolver;

    public CallbackTargets(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    public CallbackTargets(boolean allowLoopback) {
        this(allowLoopback, InetAddress::getAllByName);
    }

    public boolean allowsLoopback() {
        return allowLoopback;
    }

    /**
     * Why {@code url} cannot be a contract's callback URL, or empty if it can: its form, its scheme, and every address
     * its name resolves to now. The reason never quotes the URL.
     */
    public Optional<String> problemWithCallbackUrl(String url) {
        return problem(url, CallbackOrigin.CONTRACT, true);
    }

    /** Why {@code url} cannot be a subscription: its form and scheme, and the address if it is an IP literal. */
    Optional<String> problemWithSubscription(String url) {
        return problem(url, CallbackOrigin.SUBSCRIPTION, false);
    }

    private Optional<String> problem(String url, CallbackOrigin origin, boolean resolve) {
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of(schemeRule());
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain a user name or password");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not contain a fragment (#…)");
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (uri.getHost() == null || parsed == null) {
            return Optional.of("is not a URL with a host name");
        }
        String host = parsed.host();
        if (scheme.equals("http") && !allowLoopback) {
            return Optional.of(schemeRule());
        }
        List<InetAddress> addresses;
        if (isIpLiteral(host)) {
            addresses = List.of(literal(host));
        } else if (resolve) {
            try {
                addresses = Arrays.asList(resolver.resolve(host));
            } catch (UnknownHostException e) {
                return Optional.of(scheme.equals("http") ? schemeRule() : "its host name does not resolve");
            }
        } else {
            addresses = List.of();
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address, origin);
            if (refused.isPresent()) {
                return Optional.of("must not point at " + refused.get() + " (" + address.getHostAddress() + ")");
            }
        }
        if (scheme.equals("http")) {
            boolean loopbackName = host.equals("localhost") || host.endsWith(".localhost");
            boolean allLoopback = !addresses.isEmpty() && addresses.stream().allMatch(InetAddress::isLoopbackAddress);
            if (!allowLoopback || !(allLoopback || (addresses.isEmpty() && loopbackName))) {
                return Optional.of(schemeRule());
            }
        }
        return Optional.empty();
    }

    private String schemeRule() {
        return allowLoopback ? "must be an https URL (http only to a loopback address)" : "must be an https URL";
    }

    /** Why the address is refused for a target of this origin, or empty when it may be connected to. */
    public Optional<String> refusal(InetAddress address, CallbackOrigin origin) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            // IPv4 inside IPv6: judged as the IPv4 address it reaches.
            Optional<byte[]> embedded = MAPPED.contains(bytes) || NAT64.contains(bytes)
                    ? Optional.of(Arrays.copyOfRange(bytes, 12, 16))
                    : SIX_TO_FOUR.contains(bytes) ? Optional.of(Arrays.copyOfRange(bytes, 2, 6)) : Optional.empty();
            if (embedded.isPresent()) {
                return refusal(literal(embedded.get()), origin).map(what -> what + " inside an IPv6 address");
            }
        }
        for (Range range : RANGES) {
            if (range.contains(bytes)) {
                return switch (range.kind()) {
                    case NEVER -> Optional.of(range.what());
                    case LOOPBACK ->
                        allowLoopback ? Optional.empty() : Optional.of(range.what() + " (loopback is not allowed)");
                    case INTERNAL -> origin == CallbackOrigin.CONTRACT ? Optional.of(range.what()) : Optional.empty();
                };
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves the name once and checks every address; returns only those, so OkHttp connects to an address that was
     * checked. A name with any refused address is refused as a whole.
     */
    List<InetAddress> resolveChecked(String host, CallbackOrigin origin) throws UnknownHostException {
        List<InetAddress> addresses = Arrays.asList(resolver.resolve(host));
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host + " has no address");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address, origin);
            if (refused.isPresent()) {
                throw new RefusedTarget(
                        "refused: " + host + " resolves to " + refused.get() + " (" + address.getHostAddress() + ")");
            }
        }
        return List.copyOf(addresses);
    }

    /** OkHttp's name lookup for targets of this origin: the checked addresses, or a {@link RefusedTarget}. */
    Dns dns(CallbackOrigin origin) {
        return hostname -> resolveChecked(hostname, origin);
    }

    /**
     * Checks what the {@link Dns} never sees, before the call: the scheme rule again, and an IP literal host against
     * the address rules.
     */
    void preflight(HttpUrl url, CallbackOrigin origin) throws RefusedTarget {
        if (!url.isHttps() && !allowLoopback) {
            throw new RefusedTarget("refused: http is allowed only to loopback, and loopback is not allowed");
        }
        if (isIpLiteral(url.host())) {
            InetAddress address = literal(url.host());
            Optional<String> refused = refusal(address, origin);
            if (refused.isPresent()) {
                throw new RefusedTarget("refused: " + address.getHostAddress() + " is " + refused.get());
            }
            if (!url.isHttps() && !address.isLoopbackAddress()) {
                throw new RefusedTarget("refused: http is allowed only to loopback");
            }
        }
    }

    /**
     * A network interceptor: the address the connection actually reached passes the rules (and is loopback for
     * http), or the request is not sent.
     */
    Interceptor connectedAddressCheck(CallbackOrigin origin) {
        return chain -> {
            Connection connection = chain.connection();
            if (connection == null
                    || !(connection.route().socketAddress() instanceof InetSocketAddress socket)
                    || socket.getAddress() == null) {
                throw new RefusedTarget("refused: the connected address is unknown");
            }
            InetAddress address = socket.getAddress();
            Optional<String> refused = refusal(address, origin);
            if (refused.isPresent()) {
                throw new RefusedTarget("refused: connected to " + refused.get());
            }
            if (!chain.request().isHttps() && !address.isLoopbackAddress()) {
                throw new RefusedTarget("refused: http is allowed only to loopback");
            }
            return chain.proceed(chain.request());
        };
    }

    /** The URL without its query or fragment, for logs and the delivery log: a query may carry a token. */
    public static String withoutQuery(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            return "(not a URL)";
        }
        return parsed.newBuilder().query(null).fragment(null).build().toString();
    }

    private static InetAddress literal(String host) {
        try {
            // An IP literal: no lookup happens.
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + host, e);
        }
    }

    private static InetAddress literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address of " + address.length + " bytes", e);
        }
    }

    private static Range range(String cidr, Kind kind, String what) {
        int slash = cidr.indexOf('/');
        byte[] network = literal(cidr.substring(0, slash)).getAddress();
        return new Range(network, Integer.parseInt(cidr.substring(slash + 1)), kind, what);
    }

    /** Whether OkHttp takes the host as an address rather than a name (and so never asks the {@link Dns}). */
    static boolean isIpLiteral(String host) {
        return host.contains(":") || IPV4.matcher(host).matches();
    }
}
