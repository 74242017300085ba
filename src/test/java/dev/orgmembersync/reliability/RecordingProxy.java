package dev.orgmembersync.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback HTTP or HTTPS server that forwards every request to a target (a sandbox tenant) and records
 * what went through: arrival and answer times, status, {@code x-ratelimit-reset}, the bearer token used
 * and the access tokens the token endpoint handed out. The sandbox does not expose arrival times or the
 * tokens it issued; this does, without touching the application.
 */
final class RecordingProxy implements AutoCloseable {

    /**
     * One forwarded request.
     *
     * @param arrivedAtMillis  epoch millis when the request reached the proxy
     * @param answeredAtMillis epoch millis when the target's answer was about to be passed on
     * @param status           the target's status, -1 when the target closed the connection without an answer
     * @param rateLimitReset   the answer's {@code x-ratelimit-reset} (epoch seconds), or -1
     * @param remaining        the answer's {@code x-ratelimit-remaining}, or -1
     */
    record Hop(String method, String path, long arrivedAtMillis, long answeredAtMillis, int status,
            long rateLimitReset, long remaining) {

        boolean isMemberWrite() {
            return method.equals("POST") && path.endsWith("/members");
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("content-length", "transfer-encoding", "connection",
            "date", "keep-alive");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "recording-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final URI baseUrl;
    private final List<Hop> hops = new CopyOnWriteArrayList<>();
    private final Set<String> tokens = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<String> assertions = new CopyOnWriteArrayList<>();

    private RecordingProxy(URI target, SSLContext tls) throws IOException {
        this.target = target;
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 1024);
        }
        else {
            HttpsServer https = HttpsServer.create(loopback, 1024);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        baseUrl = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Plain HTTP in front of {@code target}. */
    static RecordingProxy http(URI target) throws IOException {
        return new RecordingProxy(target, null);
    }

    /** HTTPS, presenting the key in {@code tls}, in front of {@code target}. */
    static RecordingProxy https(URI target, SSLContext tls) throws IOException {
        return new RecordingProxy(target, tls);
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** Every forwarded request so far, in the order their answers were recorded. */
    List<Hop> hops() {
        return List.copyOf(hops);
    }

    /** Every bearer token seen in an Authorization header or issued by {@code /oauth/token}. */
    Set<String> tokens() {
        synchronized (tokens) {
            return Set.copyOf(tokens);
        }
    }

    /** Every Private Key JWT client assertion sent to {@code /oauth/token}, in order. */
    List<String> assertions() {
        return List.copyOf(assertions);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.currentTimeMillis();
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                tokens.add(authorization.substring(7).trim());
            }
            if (exchange.getRequestURI().getPath().equals("/oauth/token")) {
                for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                    if (pair.startsWith("client_assertion=")) {
                        assertions.add(URLDecoder.decode(pair.substring("client_assertion=".length()), StandardCharsets.UTF_8));
                    }
                }
            }
            String query = exchange.getRequestURI().getRawQuery();
            URI uri = URI.create(target + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(exchange.getRequestMethod(),
                    body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : List.of("Authorization", "Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    request.header(name, value);
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            catch (IOException ex) {
                // the target closed the connection without an answer: do the same
                hops.add(new Hop(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), arrived,
                        System.currentTimeMillis(), -1, -1, -1));
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            if (exchange.getRequestURI().getPath().equals("/oauth/token") && response.statusCode() == 200) {
                JsonNode issued = JSON.readTree(response.body());
                tokens.add(issued.path("access_token").asString());
            }
            hops.add(new Hop(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), arrived,
                    System.currentTimeMillis(), response.statusCode(),
                    response.headers().firstValueAsLong("x-ratelimit-reset").orElse(-1),
                    response.headers().firstValueAsLong("x-ratelimit-remaining").orElse(-1)));
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
