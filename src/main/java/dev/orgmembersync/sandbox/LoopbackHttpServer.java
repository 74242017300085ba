package dev.orgmembersync.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's HTTP server on 127.0.0.1, set up for many small requests, answering 404 in Auth0's shape on unknown paths. */
final class LoopbackHttpServer {

    private static final int BACKLOG = 1024;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms
        // per request. Read once by the JDK when its first HttpServer is created; an explicit setting wins.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private LoopbackHttpServer() {
    }

    /** A server, not started yet, on {@code port} (0: any free one), served by {@code executor}. */
    static HttpServer create(int port, ExecutorService executor) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), BACKLOG);
        server.setExecutor(executor);
        server.createContext("/", LoopbackHttpServer::notFound);
        return server;
    }

    /** Daemon worker threads, so that a server left open never keeps the JVM alive. */
    static ExecutorService workers() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        try {
            HttpIo.readBody(exchange);
            HttpIo.sendJson(exchange, 404, ErrorAnswer.body(404, "Not Found", null));
        } finally {
            exchange.close();
        }
    }
}
