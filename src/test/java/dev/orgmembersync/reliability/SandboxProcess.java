package dev.orgmembersync.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox tenant ({@code SandboxServerMain}) as a child process on a free port, and its unauthenticated
 * control endpoints. It keeps its state for as long as it runs, across job processes.
 */
final class SandboxProcess {

    static final String CLIENT_ID = "sandbox-client";
    static final String CLIENT_SECRET = "sandbox-secret-change-me";

    private static final Pattern LISTENING = Pattern.compile("sandbox listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChildProcess process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SandboxProcess(ChildProcess process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts {@code SandboxServerMain --port=0 <options>} and waits for the line naming its port. */
    static SandboxProcess start(ChildProcesses children, Path logDir, String... options) {
        List<String> command = ChildProcesses.java("-cp", ChildProcesses.jar().toString(),
                "-Dloader.main=dev.orgmembersync.sandbox.SandboxServerMain");
        command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        command.add("--port=0");
        command.addAll(List.of(options));
        ChildProcess process = children.start("sandbox", command, logDir);
        if (!process.awaitStdout("sandbox listening on", Duration.ofSeconds(30))) {
            throw new IllegalStateException("the sandbox did not start\n" + process.describe());
        }
        Matcher matcher = LISTENING.matcher(process.stdout());
        if (!matcher.find()) {
            throw new IllegalStateException("no port in the sandbox's output\n" + process.describe());
        }
        return new SandboxProcess(process, matcher.group(1));
    }

    String baseUrl() {
        return baseUrl;
    }

    ChildProcess process() {
        return process;
    }

    /** {@code GET /sandbox/stats}. */
    JsonNode stats() {
        return JSON.readTree(get("/sandbox/stats"));
    }

    /** {@code POST /api/v2/organizations/{id}/members} requests so far, accepted or not. */
    long memberPosts() {
        return stats().path("requests").path("members_post").asLong();
    }

    /** {@code GET /api/v2/organizations/{id}/members} requests so far. */
    long memberGets() {
        return stats().path("requests").path("members_get").asLong();
    }

    /** Accepted POSTs per organization and user id. */
    Map<String, Map<String, Integer>> posts() {
        Map<String, Map<String, Integer>> posts = new HashMap<>();
        stats().path("posts").properties().forEach(org -> {
            Map<String, Integer> counts = new HashMap<>();
            org.getValue().properties().forEach(user -> counts.put(user.getKey(), user.getValue().asInt()));
            posts.put(org.getKey(), counts);
        });
        return posts;
    }

    /** {@code GET /sandbox/organizations/{id}/members}: the organization's member ids. */
    Set<String> members(String organizationId) {
        Set<String> members = new HashSet<>();
        JSON.readTree(get("/sandbox/organizations/" + organizationId + "/members"))
                .forEach(member -> members.add(member.asString()));
        return members;
    }

    /** {@code POST /sandbox/organizations/{id}/members/remove}: members removed in Auth0 between two runs. */
    void removeMembers(String organizationId, List<String> userIds) {
        String body = JSON.writeValueAsString(Map.of("members", userIds));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/sandbox/organizations/"
                    + organizationId + "/members/remove")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("removing members answered " + response.statusCode() + ": " + response.body());
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("removing members failed\n" + process.describe(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
        catch (IOException ex) {
            throw new IllegalStateException("GET " + path + " failed\n" + process.describe(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Ids of {@code counts} posted more than once. */
    static List<String> postedMoreThanOnce(Map<String, Map<String, Integer>> posts) {
        List<String> ids = new ArrayList<>();
        posts.forEach((org, counts) -> counts.forEach((user, count) -> {
            if (count > 1) {
                ids.add(org + "/" + user + " x" + count);
            }
        }));
        return ids;
    }
}
