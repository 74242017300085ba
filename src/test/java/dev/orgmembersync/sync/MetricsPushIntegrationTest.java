package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A CronJob pod dies before any scrape: the run pushes its meters over OTLP before it exits. */
@ExtendWith(OutputCaptureExtension.class)
class MetricsPushIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void shouldPushMetricsOverOtlpBeforeExitWhenAnOtlpUrlIsSet(CapturedOutput output) throws IOException {
        // given a local OTLP receiver
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/metrics", exchange -> {
            bodies.add(exchange.getRequestBody().readAllBytes());
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (SyncRunFixture run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(5, 0))) {
            Path input = run.csv("members.csv", users(1, 5).stream().map(id -> ACME + "," + id).toList());
            // when
            int exit = run.run(input, "--management.otlp.metrics.export.url=http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/v1/metrics", "--sync.progress.interval=100ms");
            // then the meters reached the receiver by the time the run returned
            assertThat(exit).isZero();
            assertThat(bodies).isNotEmpty();
            assertThat(contentTypes).contains("application/x-protobuf");
            String payload = new String(bodies.get(bodies.size() - 1), StandardCharsets.ISO_8859_1);
            assertThat(payload).contains("orgsync.api.calls").contains("orgsync.rows").contains("ADDED")
                    .contains("orgsync.phase.duration").contains("addMembersStep").contains("org-member-sync");
            // and progress lines were logged along the way
            assertThat(output).contains("phase addMembers started").contains("phase verify done");
        }
        finally {
            receiver.stop(0);
        }
    }
}
