package dev.orgmembersync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.auth0.Auth0Properties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * A call already sent may have been applied by Auth0: when the step fails, or the application closes, the
 * calls in flight finish and are recorded, nothing new starts, and no worker thread is interrupted.
 */
class ParallelCallsIntegrationTest {

    /** How long the loopback server takes to answer a slow call. */
    private static final long SLOW_MILLIS = 600;

    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile CountDownLatch slowCallsArrived;
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<String> recorded = new CopyOnWriteArrayList<>();
    private final List<String> interrupted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSlowServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/slow", exchange -> {
            slowCallsArrived.countDown();
            try {
                Thread.sleep(SLOW_MILLIS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldFailOnlyAfterTheCallsInFlightAreRecordedWhenOneItemFails() {
        // given three workers: one item fails fast while two are inside a slow request, three more are queued
        slowCallsArrived = new CountDownLatch(2);
        ThreadPoolTaskExecutor workers = new ThreadPoolTaskExecutor();
        workers.setCorePoolSize(3);
        workers.setMaxPoolSize(3);
        workers.initialize();
        ParallelCalls parallel = new ParallelCalls(workers, 3);
        try {
            // when
            assertThatThrownBy(() -> parallel.forEach(
                    List.of("fail", "slow-1", "slow-2", "queued-1", "queued-2", "queued-3"), this::work))
                    .hasMessage("batch rejected");
            // then both slow calls had answered and been recorded by the time forEach threw
            assertThat(recorded).containsExactlyInAnyOrder("slow-1 204", "slow-2 204");
            // and nothing queued was started, and no call was interrupted
            assertThat(started).containsExactlyInAnyOrder("fail", "slow-1", "slow-2");
            assertThat(interrupted).isEmpty();
        }
        finally {
            workers.shutdown();
        }
    }

    @Test
    void shouldStartItemsInOrderAndLetOtherWorkInBetweenThemWhenRunInLanes() throws Exception {
        // given one worker thread, and items run in order in one lane, each taking a while
        ThreadPoolTaskExecutor workers = new ThreadPoolTaskExecutor();
        workers.setCorePoolSize(1);
        workers.setMaxPoolSize(1);
        workers.initialize();
        ParallelCalls parallel = new ParallelCalls(workers, 1);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        try {
            // when other work is given to the pool while the first item runs
            Thread ordered = new Thread(() -> parallel.forEachInOrder(List.of("1", "2", "3", "4", "5"), 1, item -> {
                ran.add("item " + item);
                firstStarted.countDown();
                sleep(50);
            }));
            ordered.start();
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            parallel.forEach(List.of("other"), item -> ran.add(item));
            ordered.join(5000);
            // then the items ran in order, and the other work waited for one item, not for all five
            assertThat(ran).filteredOn(entry -> entry.startsWith("item")).containsExactly("item 1", "item 2",
                    "item 3", "item 4", "item 5");
            assertThat(ran.indexOf("other")).isBetween(1, 2);
        }
        finally {
            workers.shutdown();
        }
    }

    @Test
    void shouldStartNoFurtherItemAndRethrowWhenAnItemRunInLanesFails() {
        // given two workers and two lanes
        ThreadPoolTaskExecutor workers = new ThreadPoolTaskExecutor();
        workers.setCorePoolSize(2);
        workers.setMaxPoolSize(2);
        workers.initialize();
        ParallelCalls parallel = new ParallelCalls(workers, 2);
        List<String> ran = new CopyOnWriteArrayList<>();
        try {
            // when the third item fails
            assertThatThrownBy(() -> parallel.forEachInOrder(List.of("1", "2", "3", "4", "5", "6", "7", "8"), 2,
                    item -> {
                        ran.add(item);
                        if (item.equals("3")) {
                            throw new IllegalStateException("item 3 failed");
                        }
                        sleep(20);
                    })).hasMessage("item 3 failed");
            // then at most the item in the other lane ran after it, and nothing queued behind
            assertThat(ran).contains("1", "2", "3").doesNotContain("5", "6", "7", "8").hasSizeLessThanOrEqualTo(4);
        }
        finally {
            workers.shutdown();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldLetTheCallInFlightFinishWhenTheContextCloses() throws Exception {
        // given the real worker pool with one thread, a slow call in flight and one item queued behind it
        JobInfrastructureConfiguration configuration = new JobInfrastructureConfiguration();
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean("apiWorkers", ThreadPoolTaskExecutor.class,
                () -> configuration.apiWorkers(bind("sync", SyncProperties.class, Map.of("sync.concurrency", "1")),
                        bind("auth0", Auth0Properties.class, Map.of())));
        context.registerBean("parallelCalls", ParallelCalls.class,
                () -> configuration.parallelCalls(context.getBean(ThreadPoolTaskExecutor.class)));
        context.refresh();
        ParallelCalls parallel = context.getBean(ParallelCalls.class);
        slowCallsArrived = new CountDownLatch(1);
        CompletableFuture<Throwable> step = CompletableFuture.supplyAsync(() -> {
            try {
                parallel.forEach(List.of("slow-1", "queued-1"), this::work);
                return null;
            }
            catch (RuntimeException ex) {
                return ex;
            }
        });
        assertThat(slowCallsArrived.await(5, TimeUnit.SECONDS)).isTrue();
        // when the application closes (as on SIGTERM) while the call is in flight
        context.close();
        // then close returned only after the call had answered and been recorded, without an interrupt
        assertThat(recorded).containsExactly("slow-1 204");
        assertThat(interrupted).isEmpty();
        // and the queued item never started, so the step fails instead of passing over it
        assertThat(started).containsExactly("slow-1");
        assertThat(step.get(5, TimeUnit.SECONDS)).hasMessageContaining("shutting down");
    }

    /** Stands for one batch: "fail" fails once both slow calls are in flight; the others call the server. */
    private void work(String item) {
        started.add(item);
        try {
            if (item.equals("fail")) {
                slowCallsArrived.await(5, TimeUnit.SECONDS);
                throw new IllegalStateException("batch rejected");
            }
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow")).build(),
                    HttpResponse.BodyHandlers.discarding());
            recorded.add(item + " " + response.statusCode());
        }
        catch (InterruptedException ex) {
            interrupted.add(item);
            Thread.currentThread().interrupt();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
    }
}
