package dev.orgmembersync.sync;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback server in front of a sandbox tenant: it forwards every request, except those a test answers
 * itself with an Auth0-style error. It is how a test puts an answer the sandbox never gives (an
 * {@code invalid_query_string}, a message naming an id) in front of the real job.
 */
final class AnsweringProxy implements AutoCloseable {

    /** A scripted error answer: status and JSON body. */
    record Answer(int status, String body) {

        /** Auth0's error body {@code {"statusCode","error","message","errorCode"}}. */
        static Answer error(int status, String error, String message, String errorCode) {
            return new Answer(status, "{\"statusCode\":" + status + ",\"error\":\"" + error + "\",\"message\":\""
                    + message + "\"" + (errorCode == null ? "" : ",\"errorCode\":\"" + errorCode + "\"") + "}");
        }
    }

    /** One request that reached the proxy. */
    record Seen(String method, String path, String body) {
    }

    private static final Set<String> NOT_FORWARDED = Set.of("content-length", "transfer-encoding", "connection",
            "date", "keep-alive");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final Function<Seen, Optional<Answer>> answers;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /** {@code answers}: given a request, the answer to send instead of forwarding it, or empty. */
    AnsweringProxy(URI target, Function<Seen, Optional<Answer>> answers) throws IOException {
        this.target = target;
        this.answers = answers;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every {@code POST .../members} that reached the proxy, answered or forwarded, in arrival order. */
    List<Seen> memberPosts() {
        return seen.stream().filter(s -> s.method().equals("POST") && s.path().endsWith("/members")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    new String(body, StandardCharsets.UTF_8));
            seen.add(request);
            Optional<Answer> answer = answers.apply(request);
            if (answer.isPresent()) {
                exchange.getResponseHeaders().add("content-type", "application/json");
                send(exchange, answer.get().status(), answer.get().body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            forward(exchange, body);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
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
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        send(exchange, response.statusCode(), response.body());
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
