import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference for the overhead target of samples/bench/bench.sh: the same POSTs the job's add phase sends
 * (POST /api/v2/organizations/{id}/members, ten synthetic users per call, bearer token, JSON body) from a fixed pool of
 * {@code --concurrency} threads, each calling {@link HttpClient#send} in a loop: what the job's ParallelCalls does,
 * minus rate limiters, retries, ledger and Spring Batch. No build step:
 * <pre>
 * java samples/bench/BareLoop.java --base-url=http://127.0.0.1:8089 --posts=20000 --concurrency=16 \
 *     --orgs=200 --org-offset=200 --users=200000
 * </pre>
 * Organization {@code k} of call {@code i} is {@code org_gen%08d} of {@code org-offset + 1 + i % orgs}; user ids are
 * {@code auth0|gen%08d} of {@code 1 + (10 i + j) % users}. The HttpClient is built as the job builds its own
 * (connect timeout 10 s, no redirects). {@code --warmup=N} first sends N unmeasured member listings. Prints one line {@code bareloop posts=N seconds=S calls_per_s=R non2xx=K
 * first_ms=EPOCH last_ms=EPOCH cpu_ms=C}, C being this process's CPU time during the loop.
 */
public final class BareLoop {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        String base = options.getOrDefault("base-url", "http://127.0.0.1:8089");
        int posts = Integer.parseInt(options.getOrDefault("posts", "10000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
        int orgs = Integer.parseInt(options.getOrDefault("orgs", "1"));
        int orgOffset = Integer.parseInt(options.getOrDefault("org-offset", "0"));
        int users = Integer.parseInt(options.getOrDefault("users", "10"));
        String clientId = options.getOrDefault("client-id", "sandbox-client");
        String clientSecret = options.getOrDefault("client-secret", "sandbox-secret-change-me");

        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String token = token(http, base, clientId, clientSecret);

        // Warm-up (not measured): the JIT of this process and of the sandbox, as the job's earlier phases do for it.
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "0"));
        for (int i = 0; i < warmup; i++) {
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/organizations/"
                            + URLEncoder.encode(String.format("org_gen%08d", orgOffset + 1 + i % orgs), StandardCharsets.UTF_8)
                            + "/members?take=100&fields=user_id&include_fields=true"))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        AtomicInteger next = new AtomicInteger();
        AtomicInteger non2xx = new AtomicInteger();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        java.time.Duration cpu0 = ProcessHandle.current().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
        long start = System.nanoTime();
        Future<?>[] workers = new Future<?>[concurrency];
        for (int w = 0; w < concurrency; w++) {
            workers[w] = pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < posts) {
                    String org = String.format("org_gen%08d", orgOffset + 1 + i % orgs);
                    StringBuilder body = new StringBuilder("{\"members\":[");
                    for (int j = 0; j < 10; j++) {
                        body.append(j == 0 ? "\"" : ",\"")
                                .append(String.format("auth0|gen%08d", 1 + (int) ((10L * i + j) % users))).append('"');
                    }
                    body.append("]}");
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v2/organizations/"
                                    + URLEncoder.encode(org, StandardCharsets.UTF_8) + "/members"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "application/json")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build();
                    first.accumulateAndGet(System.currentTimeMillis(), Math::min);
                    HttpResponse<String> response = null;
                    // The JDK client may reuse a connection the server has just closed; the job retries that too.
                    for (int attempt = 1; response == null; attempt++) {
                        try {
                            response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        }
                        catch (java.io.IOException ex) {
                            if (attempt == 3) {
                                throw ex;
                            }
                        }
                    }
                    last.accumulateAndGet(System.currentTimeMillis(), Math::max);
                    if (response.statusCode() / 100 != 2) {
                        non2xx.incrementAndGet();
                    }
                }
                return null;
            });
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        catch (java.util.concurrent.ExecutionException ex) {
            ex.getCause().printStackTrace();
            System.exit(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().orElse(java.time.Duration.ZERO)
                .minus(cpu0).toMillis();
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        System.out.printf(java.util.Locale.ROOT,
                "bareloop posts=%d seconds=%.3f calls_per_s=%.1f non2xx=%d first_ms=%d last_ms=%d cpu_ms=%d%n",
                posts, seconds, posts / seconds, non2xx.get(), first.get(), last.get(), cpuMillis);
    }

    private static String token(HttpClient http, String base, String clientId, String clientSecret) throws Exception {
        String body = "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + clientId + "\",\"client_secret\":\""
                + clientSecret + "\",\"audience\":\"" + base + "/api/v2/\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("token request failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }
}
