package dev.orgmembersync.auth0;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that answers each path from a queue of scripted replies
 * and records every request it receives. Once a path's queue is empty it answers with that path's
 * {@link #always fallback}, or with 418 when there is none, so an unexpected extra request shows up in the
 * request count instead of hanging the test.
 */
final class ScriptedAuth0Server implements AutoCloseable {

    /** One scripted answer; {@code dropConnection} closes the connection without sending anything. */
    record Reply(int status, Map<String, String> headers, String body, boolean dropConnection) {

        static Reply noContent() {
            return new Reply(204, Map.of(), null, false);
        }

        static Reply json(int status, String body) {
            return new Reply(status, Map.of("content-type", "application/json"), body, false);
        }

        /** Close the socket without a status line: the client must see an IOException. */
        static Reply drop() {
            return new Reply(0, Map.of(), null, true);
        }

        /** Adds a header; use lower-case names, as Auth0 sends them. */
        Reply header(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Reply(status, copy, body, dropConnection);
        }
    }

    /** What arrived: method, raw path, raw query (may be null), headers of interest, body, arrival time. */
    record Request(String method, String path, String query, String authorization, String contentType, String body,
            Instant arrivedAt) {

        String pathAndQuery() {
            return query == null ? path : path + "?" + query;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scripted-auth0");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Deque<Reply>> queues = new ConcurrentHashMap<>();
    private final Map<String, Reply> fallbacks = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ScriptedAuth0Server() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static ScriptedAuth0Server start() throws IOException {
        return new ScriptedAuth0Server();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues replies for a raw path (no query), answered in order. */
    ScriptedAuth0Server enqueue(String path, Reply... replies) {
        Deque<Reply> queue = queues.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(replies));
        }
        return this;
    }

    /** The reply for a path once its queue is empty. */
    ScriptedAuth0Server always(String path, Reply reply) {
        fallbacks.put(path, reply);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant arrivedAt = Instant.now();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path, uri.getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, arrivedAt));
        Reply reply = next(path);
        if (reply.dropConnection()) {
            // No sendResponseHeaders: HttpExchange.close() then closes the TCP connection itself.
            exchange.close();
            return;
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Reply next(String path) {
        Deque<Reply> queue = queues.get(path);
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return queue.removeFirst();
                }
            }
        }
        return fallbacks.getOrDefault(path,
                Reply.json(418, "{\"statusCode\":418,\"error\":\"I'm a teapot\",\"message\":\"unscripted request\"}"));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
