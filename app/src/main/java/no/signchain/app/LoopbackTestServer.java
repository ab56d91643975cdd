package no.signchain.app;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java test server, listening on the loopback address only. {@code TestServer.createPortBoundServer}
 * listens on every interface, which would put an unauthenticated Temporal (anyone could read or terminate contracts)
 * on the network of the laptop running the demo. This assembles the same server, from the same public classes in the
 * SDK's internal package, on 127.0.0.1: real time (time skipping locked), services plus gRPC health checks.
 */
final class LoopbackTestServer implements AutoCloseable {

    private final TestServicesStarter services;
    private final Server server;

    private LoopbackTestServer(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    static LoopbackTestServer start(int port) throws IOException {
        TestServicesStarter services = new TestServicesStarter(true, 0);
        try {
            NettyServerBuilder builder =
                    NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
            return new LoopbackTestServer(services, builder.build().start());
        } catch (IOException | RuntimeException e) {
            services.close();
            throw e;
        }
    }

    int port() {
        return server.getPort();
    }

    /** Where it listens; a test checks that this is the loopback address only. */
    List<? extends SocketAddress> listenAddresses() {
        return server.getListenSockets();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } finally {
            services.close();
        }
    }

    @Override
    public String toString() {
        return "Temporal test server on 127.0.0.1:" + port();
    }
}
