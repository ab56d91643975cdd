import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Closed-loop load on signchain's webhook: each client thread posts one signed event (Signicat-Signature, HMAC-SHA256
 * over "t.body" as the simulator signs) and waits for the answer before the next. Events name unknown signing
 * sessions (or the one given), so they are stored and never match a contract.
 *
 * <p>Each client keeps one HTTP/1.1 connection of its own and speaks the protocol's few lines itself: the load runs on
 * the cores it measures, and the JDK's HttpClient cost as much CPU per event as the API did
 * (bench/results/2026-12-03-dev-quick-ingest-cpu-by-process.md).
 *
 * <p>java bench/WebhookLoad.java URL SECRET SECONDS CLIENTS [SESSION_REF] [TOTAL]: runs SECONDS (or until TOTAL
 * events when SECONDS is 0) and prints one JSON line: prefix (of the event ids), rate, p50, p99 (ms), ok, failed, and
 * from and to, the load's window in epoch milliseconds (for the driver's CPU accounting of the other processes).
 */
public class WebhookLoad {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        int seconds = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        String sessionRef = args.length > 4 && !args[4].isEmpty() ? args[4] : null;
        long total = args.length > 5 ? Long.parseLong(args[5]) : Long.MAX_VALUE;
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long from = System.currentTimeMillis();
        long start = System.nanoTime();
        long end = seconds > 0 ? start + seconds * 1_000_000_000L : Long.MAX_VALUE;
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            threads.add(Thread.ofPlatform().start(() -> {
                int n = 0;
                try (Connection http = new Connection(url)) {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                    while (System.nanoTime() < end) {
                        long i = next.getAndIncrement();
                        if (i >= total) {
                            break;
                        }
                        String session = sessionRef != null ? sessionRef : UUID.randomUUID().toString();
                        String body = "{\"id\":\"" + prefix + i + "\",\"timestamp\":\"" + Instant.now()
                                + "\",\"sender\":\"bench\",\"eventName\":\"sign.session.completed\","
                                + "\"eventData\":{\"signingSessionId\":\"" + session + "\",\"state\":\"SIGNED\"}}";
                        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
                        String t = Long.toString(Instant.now().getEpochSecond());
                        mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
                        String sig = HexFormat.of().formatHex(mac.doFinal(raw));
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.post("Signicat-Signature: t=" + t + ",v1=" + sig, raw);
                        } catch (IOException e) {
                            status = -1;
                        }
                        if (status / 100 == 2) {
                            if (n < mine.length) {
                                mine[n++] = System.nanoTime() - t0;
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    mine[mine.length - 1] = n; // count kept in the last slot
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long to = System.currentTimeMillis();
        int ok = 0;
        for (long[] l : latencies) {
            ok += (int) l[l.length - 1];
        }
        long[] all = new long[ok];
        int k = 0;
        for (long[] l : latencies) {
            int n = (int) l[l.length - 1];
            System.arraycopy(l, 0, all, k, n);
            k += n;
        }
        Arrays.sort(all);
        double p50 = ok == 0 ? 0 : all[(int) (ok * 0.50)] / 1e6;
        double p99 = ok == 0 ? 0 : all[Math.min(ok - 1, (int) (ok * 0.99))] / 1e6;
        System.out.printf(
                "{\"prefix\":\"%s\",\"rate\":%.1f,\"p50\":%.2f,\"p99\":%.2f,\"ok\":%d,\"failed\":%d,"
                        + "\"from\":%d,\"to\":%d}%n",
                prefix, ok / elapsed, p50, p99, ok, failed.get(), from, to);
    }

    /** One kept-alive HTTP/1.1 connection, opened again when the server closes it (Tomcat does every 100 requests). */
    static final class Connection implements AutoCloseable {
        private final URI url;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI url) {
            this.url = url;
        }

        /** Posts a JSON body with one extra header line; answers the status, the answer's body read and dropped. */
        int post(String header, byte[] body) throws IOException {
            if (socket == null) {
                socket = new Socket(url.getHost(), url.getPort());
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            try {
                String head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                        + "\r\nContent-Type: application/json\r\n" + header + "\r\nContent-Length: " + body.length
                        + "\r\n\r\n";
                byte[] h = head.getBytes(StandardCharsets.US_ASCII);
                byte[] request = Arrays.copyOf(h, h.length + body.length);
                System.arraycopy(body, 0, request, h.length, body.length);
                out.write(request);
                out.flush();
                String statusLine = line();
                int status = Integer.parseInt(statusLine.split(" ")[1]);
                long length = 0;
                boolean chunked = false;
                boolean close = false;
                for (String l = line(); !l.isEmpty(); l = line()) {
                    String lower = l.toLowerCase();
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    } else if (lower.startsWith("connection:") && lower.contains("close")) {
                        close = true;
                    }
                }
                if (chunked) {
                    for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                        in.skipNBytes(size);
                        line();
                    }
                    line(); // the empty line after the last chunk (no trailers here)
                } else {
                    in.skipNBytes(length);
                }
                if (close) {
                    close();
                }
                return status;
            } catch (IOException | RuntimeException e) {
                close();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the server closed the connection");
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a connection that failed: nothing left to do
                }
                socket = null;
            }
        }
    }
}
