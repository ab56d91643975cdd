import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * <p>java bench/WebhookLoad.java URL SECRET SECONDS CLIENTS [SESSION_REF] [TOTAL]: runs SECONDS (or until TOTAL
 * events when SECONDS is 0) and prints one JSON line: prefix (of the event ids), rate, p50, p99 (ms), ok, failed.
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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = seconds > 0 ? start + seconds * 1_000_000_000L : Long.MAX_VALUE;
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            threads.add(Thread.ofPlatform().start(() -> {
                int n = 0;
                try {
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
                        HttpRequest request = HttpRequest.newBuilder(url)
                                .header("Content-Type", "application/json")
                                .header("Signicat-Signature", "t=" + t + ",v1=" + sig)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(raw))
                                .build();
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
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
                "{\"prefix\":\"%s\",\"rate\":%.1f,\"p50\":%.2f,\"p99\":%.2f,\"ok\":%d,\"failed\":%d}%n",
                prefix, ok / elapsed, p50, p99, ok, failed.get());
    }
}
