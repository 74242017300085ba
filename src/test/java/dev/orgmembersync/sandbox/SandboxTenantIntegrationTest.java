package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SandboxTenantIntegrationTest {

    static final String ACME = "org_Nuv6WsOjyU53rGyQ";
    static final String INITECH = "org_hT7kLm2Qp9RsVw3X";
    static final String ALICE = "auth0|65f1c0a1b2c3d4e5f6a7b8c9";
    static final String BOB = "google-oauth2|109876543210987654321";
    static final String JANE = "samlp|acme-idp|jane.doe@acme.com";
    static final String ALL_SCOPES = "read:organization_members create:organization_members read:organizations";

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AutoClose
    SandboxTenant tenant;

    @BeforeEach
    void start() throws IOException {
        tenant = start(SandboxSettings.unlimited());
    }

    static TenantSeed seed() {
        return TenantSeed.empty()
                .withClient("sandbox-client", "sandbox-secret", ALL_SCOPES.split(" "))
                .withClient("reader", "reader-secret", "read:organization_members", "read:organizations")
                .withStaticToken("static-token", ALL_SCOPES.split(" "))
                .withUsers(List.of(ALICE, BOB, JANE))
                .withOrganization(ACME, "acme-corp", List.of(ALICE))
                .withOrganization(INITECH, "initech", List.of())
                .withGenerated(0, 1000);
    }

    SandboxTenant start(SandboxSettings settings) throws IOException {
        if (tenant != null) {
            tenant.close();
        }
        tenant = SandboxTenant.start(settings, seed());
        return tenant;
    }

    // ---- token endpoint ----

    @Test
    void clientCredentialsGrantReturnsBearerToken() throws Exception {
        HttpResponse<String> form = tokenRequest("sandbox-client", "sandbox-secret");
        assertThat(form.statusCode()).isEqualTo(200);
        JsonNode body = json(form);
        assertThat(body.get("access_token").stringValue()).isNotBlank();
        assertThat(body.get("expires_in").intValue()).isEqualTo(86_400);
        assertThat(body.get("token_type").stringValue()).isEqualTo("Bearer");
        assertThat(body.get("scope").stringValue().split(" ")).containsExactlyInAnyOrder(ALL_SCOPES.split(" "));

        String jsonBody = "{\"grant_type\":\"client_credentials\",\"client_id\":\"sandbox-client\","
                + "\"client_secret\":\"sandbox-secret\",\"audience\":\"https://dev-x.eu.auth0.com/api/v2/\"}";
        HttpResponse<String> viaJson = send(HttpRequest.newBuilder(uri("/oauth/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
        assertThat(viaJson.statusCode()).isEqualTo(200);
        assertThat(get("/api/v2/organizations/" + ACME + "/members",
                json(viaJson).get("access_token").stringValue()).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongSecretIsAccessDenied() throws Exception {
        HttpResponse<String> response = tokenRequest("sandbox-client", "wrong");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"access_denied\",\"error_description\":\"Unauthorized\"}");
    }

    @Test
    void audienceMustBeAManagementApi() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=sandbox-client"
                        + "&client_secret=sandbox-secret&audience=https%3A%2F%2Fapi.example.com%2F")));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("error").stringValue()).isEqualTo("access_denied");
    }

    // ---- authentication and scopes ----

    @Test
    void apiWithoutOrWithUnknownTokenIs401() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/api/v2/organizations/" + ACME + "/members")));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Invalid token\"}");
        assertThat(get("/api/v2/organizations/" + ACME + "/members", "nope").statusCode()).isEqualTo(401);
        assertThat(tenant.stats().unauthorized()).isEqualTo(2);
    }

    @Test
    void revokedAndExpiredTokensAre401() throws Exception {
        String token = accessToken();
        String path = "/api/v2/organizations/" + ACME + "/members";
        assertThat(get(path, token).statusCode()).isEqualTo(200);
        tenant.revokeAllTokens();
        assertThat(get(path, token).statusCode()).isEqualTo(401);
        assertThat(get(path, accessToken()).statusCode()).isEqualTo(200);
        assertThat(get(path, "static-token").statusCode()).isEqualTo(200);

        start(SandboxSettings.unlimited().withTokenLifetime(Duration.ofMillis(300)));
        String shortLived = accessToken();
        assertThat(get(path, shortLived).statusCode()).isEqualTo(200);
        Thread.sleep(400);
        assertThat(get(path, shortLived).statusCode()).isEqualTo(401);
    }

    @Test
    void missingScopeIs403() throws Exception {
        String readerToken = json(tokenRequest("reader", "reader-secret")).get("access_token").stringValue();
        HttpResponse<String> response = postMembers(ACME, readerToken, List.of(BOB));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"statusCode\":403,\"error\":\"Forbidden\",\"message\":"
                + "\"Insufficient scope, expected any of: create:organization_members\",\"errorCode\":\"insufficient_scope\"}");
        assertThat(tenant.members(ACME)).containsExactly(ALICE);
    }

    // ---- POST members ----

    @Test
    void postAddsMembersAndAnswers204() throws Exception {
        String token = accessToken();
        HttpResponse<String> response = postMembers(ACME, token, List.of(BOB, JANE, ALICE, "auth0|gen00000007"));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(tenant.members(ACME)).containsExactly(ALICE, BOB, JANE, "auth0|gen00000007");
        assertThat(postMembers(ACME, token, List.of(BOB)).statusCode()).isEqualTo(204);
        assertThat(tenant.postsFor(ACME, BOB)).isEqualTo(2);
        assertThat(tenant.postsFor(ACME, JANE)).isEqualTo(1);
        assertThat(tenant.postsFor(INITECH, BOB)).isZero();

        JsonNode members = json(get("/api/v2/organizations/" + ACME + "/members", token));
        assertThat(members.isArray()).isTrue();
        assertThat(members.get(1).get("user_id").stringValue()).isEqualTo(BOB);
        assertThat(members.get(2).get("email").stringValue()).isEqualTo("jane.doe@acme.com");
        assertThat(members.get(2).has("name")).isTrue();
        assertThat(members.get(2).has("picture")).isTrue();
    }

    @Test
    void elevenIdsAreRejected() throws Exception {
        List<String> eleven = IntStream.rangeClosed(1, 11).mapToObj(SyntheticIds::userId).toList();
        HttpResponse<String> response = postMembers(INITECH, accessToken(), eleven);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":"
                + "\"Payload validation error: 'Too many items (11), maximum 10' on property members\","
                + "\"errorCode\":\"invalid_body\"}");
        assertThat(tenant.members(INITECH)).isEmpty();
    }

    @Test
    void invalidBodiesAreRejected() throws Exception {
        String token = accessToken();
        for (String body : List.of("not json", "{}", "{\"members\":[]}", "{\"members\":[1]}", "{\"members\":\"x\"}", "[]")) {
            HttpResponse<String> response = post("/api/v2/organizations/" + INITECH + "/members", token, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).get("errorCode").stringValue()).as(body).isEqualTo("invalid_body");
        }
        assertThat(tenant.members(INITECH)).isEmpty();
    }

    @Test
    void oneUnknownUserRejectsTheWholeCall() throws Exception {
        HttpResponse<String> response = postMembers(INITECH, accessToken(), List.of(BOB, "auth0|doesnotexist", JANE));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":"
                + "\"One or more users do not exist.\",\"errorCode\":\"invalid_body\"}");
        assertThat(tenant.members(INITECH)).isEmpty();
        assertThat(tenant.postsFor(INITECH, BOB)).isZero();
        assertThat(postMembers(INITECH, accessToken(), List.of("auth0|gen00001001")).statusCode())
                .as("synthetic user beyond the generated count").isEqualTo(400);
    }

    @Test
    void unknownOrganizationIs404() throws Exception {
        String token = accessToken();
        String expected = "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"No organization found by that id or name\"}";
        HttpResponse<String> getResponse = get("/api/v2/organizations/org_doesnotexist0000/members", token);
        assertThat(getResponse.statusCode()).isEqualTo(404);
        assertThat(getResponse.body()).isEqualTo(expected);
        HttpResponse<String> postResponse = postMembers("org_doesnotexist0000", token, List.of(BOB));
        assertThat(postResponse.statusCode()).isEqualTo(404);
        assertThat(postResponse.body()).isEqualTo(expected);
    }

    // ---- GET members ----

    @Test
    void checkpointPagingReturnsEveryMemberOnceThenAnEmptyPage() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 250).mapToObj(SyntheticIds::userId).toList();
        tenant.addOrganization("org_checkpoint0001", "checkpoint", ids);
        String token = accessToken();
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = null;
        do {
            String path = "/api/v2/organizations/org_checkpoint0001/members?take=100&fields=user_id"
                    + (next == null ? "" : "&from=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            HttpResponse<String> response = get(path, token);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = json(response);
            pageSizes.add(page.get("members").size());
            page.get("members").forEach(member -> {
                assertThat(member.propertyNames()).containsExactly("user_id");
                seen.add(member.get("user_id").stringValue());
            });
            next = page.has("next") ? page.get("next").stringValue() : null;
            if (seen.size() == 200 && next != null) {
                tenant.addUsers(List.of("auth0|late"));
                postMembers("org_checkpoint0001", token, List.of("auth0|late"));
            }
        } while (next != null);
        assertThat(pageSizes).containsExactly(100, 100, 51, 0);
        assertThat(seen).hasSize(251).doesNotHaveDuplicates().endsWith("auth0|late");
        assertThat(new HashSet<>(seen)).containsAll(ids);

        assertThat(json(get("/api/v2/organizations/" + INITECH + "/members?take=10", token)).toString())
                .isEqualTo("{\"members\":[]}");
        assertThat(badRequestCode("/api/v2/organizations/" + ACME + "/members?take=101", token))
                .isEqualTo("invalid_query_string");
        assertThat(badRequestCode("/api/v2/organizations/" + ACME + "/members?take=10&from=garbage", token))
                .isEqualTo("invalid_query_string");
    }

    @Test
    void offsetPagingIsCappedAt1000Records() throws Exception {
        tenant.addOrganization("org_offset00000001", "offset",
                IntStream.rangeClosed(1, 120).mapToObj(SyntheticIds::userId).toList());
        String token = accessToken();
        String base = "/api/v2/organizations/org_offset00000001/members";

        JsonNode totals = json(get(base + "?page=1&per_page=100&include_totals=true", token));
        assertThat(totals.get("start").intValue()).isEqualTo(100);
        assertThat(totals.get("limit").intValue()).isEqualTo(100);
        assertThat(totals.get("total").intValue()).isEqualTo(120);
        assertThat(totals.get("members").size()).isEqualTo(20);
        assertThat(json(get(base, token)).size()).as("default per_page").isEqualTo(50);
        assertThat(json(get(base + "?page=9&per_page=100", token)).size()).isZero();

        HttpResponse<String> capped = get(base + "?page=10&per_page=100", token);
        assertThat(capped.statusCode()).isEqualTo(400);
        assertThat(capped.body()).isEqualTo("{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":"
                + "\"Requesting page 10 exceeds the allowed maximum of 1000 records. To fetch results beyond 1000,"
                + " use the checkpoint pagination method.\",\"errorCode\":\"invalid_paging\"}");

        HttpResponse<String> tooBig = get(base + "?per_page=101", token);
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(tooBig.body()).isEqualTo("{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":"
                + "\"Query validation error: 'Value 101 is greater than maximum 100' on property per_page\","
                + "\"errorCode\":\"invalid_query_string\"}");
    }

    @Test
    void fieldsSelectTheMemberProperties() throws Exception {
        String token = accessToken();
        String base = "/api/v2/organizations/" + ACME + "/members";
        assertThat(json(get(base + "?fields=user_id", token)).get(0).propertyNames()).containsExactly("user_id");
        assertThat(json(get(base + "?fields=user_id,email&include_fields=true", token)).get(0).propertyNames())
                .containsExactly("user_id", "email");
        assertThat(json(get(base + "?fields=picture&include_fields=false", token)).get(0).propertyNames())
                .containsExactly("user_id", "email", "name");
        assertThat(json(get(base, token)).get(0).propertyNames()).containsExactly("user_id", "email", "picture", "name");
        assertThat(json(get("/api/v2/organizations/%6Frg_Nuv6WsOjyU53rGyQ/members", token)).size())
                .as("path id is URL-decoded").isEqualTo(1);
    }

    // ---- organization by name ----

    @Test
    void organizationByName() throws Exception {
        String token = accessToken();
        HttpResponse<String> found = get("/api/v2/organizations/name/acme-corp", token);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).isEqualTo("{\"id\":\"" + ACME + "\",\"name\":\"acme-corp\",\"display_name\":\"acme-corp\"}");
        HttpResponse<String> missing = get("/api/v2/organizations/name/nope", token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo(
                "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"The organization does not exist.\"}");
        assertThat(tenant.stats().orgByNameRequests()).isEqualTo(2);
    }

    // ---- rate limits ----

    @Test
    void emptyWritesBucketAnswers429WithRateLimitHeaders() throws Exception {
        start(SandboxSettings.unlimited().withWrites(BucketLimit.perMinute(1, 3)));
        String token = accessToken();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> ok = postMembers(INITECH, token, List.of(SyntheticIds.userId(i)));
            assertThat(ok.statusCode()).isEqualTo(204);
            assertThat(ok.headers().firstValue("x-ratelimit-remaining")).hasValue(Integer.toString(3 - i));
        }
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> limited = postMembers(INITECH, token, List.of(SyntheticIds.userId(4)));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).get("errorCode").stringValue()).isEqualTo("too_many_requests");
        assertThat(limited.headers().firstValue("x-ratelimit-limit")).hasValue("3");
        assertThat(limited.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        long reset = Long.parseLong(limited.headers().firstValue("x-ratelimit-reset").orElseThrow());
        assertThat(reset).isBetween(now, now + 61);
        assertThat(tenant.members(INITECH)).hasSize(3);
        assertThat(tenant.stats().tooManyRequests()).isEqualTo(1);
        assertThat(get("/api/v2/organizations/" + INITECH + "/members", token).statusCode())
                .as("reads have their own bucket").isEqualTo(200);
    }

    @Test
    void outsideTrafficDrainedThroughTheControlEndpointLeavesTheJobA429() throws Exception {
        // given a write bucket of 3 that refills once a minute
        start(SandboxSettings.unlimited().withWrites(BucketLimit.perMinute(1, 3)));
        String token = accessToken();
        // when the tenant's other applications take two of its tokens, then more than are left
        JsonNode first = json(send(HttpRequest.newBuilder(uri("/sandbox/drain?bucket=writes&tokens=2"))
                .POST(HttpRequest.BodyPublishers.noBody())));
        HttpResponse<String> ours = postMembers(INITECH, token, List.of(SyntheticIds.userId(1)));
        JsonNode second = json(send(HttpRequest.newBuilder(uri("/sandbox/drain?bucket=writes"))
                .POST(HttpRequest.BodyPublishers.noBody())));
        HttpResponse<String> refused = postMembers(INITECH, token, List.of(SyntheticIds.userId(2)));
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/sandbox/drain?bucket=nope"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        // then the job got the last token, then a 429; outside traffic is not in the job's request counts
        assertThat(first.get("taken").intValue()).isEqualTo(2);
        assertThat(ours.statusCode()).isEqualTo(204);
        assertThat(ours.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(second.get("taken").intValue()).isZero();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(tenant.stats().membersPostRequests()).isEqualTo(2);
        assertThat(tenant.drain("reads", 5)).as("an unlimited bucket has nothing to drain").isZero();
    }

    @Test
    void tenantBucketIsCheckedFirst() throws Exception {
        start(SandboxSettings.unlimited().withTenant(BucketLimit.perSecond(0.01, 2)).withReads(BucketLimit.perMinute(500, 40)));
        String token = accessToken();
        String path = "/api/v2/organizations/" + ACME + "/members";
        HttpResponse<String> first = get(path, token);
        assertThat(first.headers().firstValue("x-ratelimit-limit")).as("endpoint bucket reported").hasValue("40");
        assertThat(first.headers().firstValue("x-ratelimit-remaining")).hasValue("39");
        assertThat(get(path, token).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = get(path, token);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("{\"statusCode\":429,\"error\":\"Too Many Requests\",\"message\":"
                + "\"Global limit has been reached\",\"errorCode\":\"too_many_requests\"}");
        assertThat(limited.headers().firstValue("x-ratelimit-limit")).hasValue("2");
    }

    @Test
    void rateLimitHeaderNamesOnTheWire() throws Exception {
        start(SandboxSettings.unlimited().withReads(BucketLimit.perMinute(500, 40)));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", tenant.baseUrl().getPort())) {
            socket.getOutputStream().write(("GET /api/v2/organizations/" + ACME + "/members HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer static-token\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\r\n\r\n")[0];
            // com.sun.net.httpserver upper-cases the first letter of every header name ("X-ratelimit-limit");
            // header names are case-insensitive, so clients must look them up case-insensitively anyway.
            assertThat(head.toLowerCase(java.util.Locale.ROOT))
                    .contains("\r\nx-ratelimit-limit: 40\r\n", "\r\nx-ratelimit-remaining: 39\r\n", "\r\nx-ratelimit-reset: ");
        }
    }

    // ---- faults ----

    @Test
    void droppedConnectionAfterApplyGivesIOExceptionButTheMemberIsAdded() throws Exception {
        String token = accessToken();
        tenant.faults(Faults.none().withDropAfterApplyRate(1));
        assertThatThrownBy(() -> postMembers(INITECH, token, List.of(BOB))).isInstanceOf(IOException.class);
        assertThat(tenant.members(INITECH)).containsExactly(BOB);
        assertThat(tenant.postsFor(INITECH, BOB)).isEqualTo(1);
        assertThat(tenant.stats().connectionsDropped()).isEqualTo(1);
        tenant.faults(Faults.none());
        assertThat(postMembers(INITECH, token, List.of(JANE)).statusCode()).isEqualTo(204);
    }

    @Test
    void injectedServerErrorAppliesNothing() throws Exception {
        String token = accessToken();
        tenant.faults(Faults.none().withServerErrorRate(1));
        HttpResponse<String> response = postMembers(INITECH, token, List.of(BOB));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).get("error").stringValue()).isEqualTo("Service Unavailable");
        assertThat(tenant.members(INITECH)).isEmpty();
        assertThat(tenant.postsFor(INITECH, BOB)).isZero();
        assertThat(tenant.stats().serverErrorsInjected()).isEqualTo(1);
    }

    @Test
    void latencyIsAddedAndRequestsAreServedInParallel() throws Exception {
        String token = accessToken();
        tenant.faults(Faults.none().withLatency(Duration.ofMillis(300)));
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(HTTP.sendAsync(request("/api/v2/organizations/" + ACME + "/members", token).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(elapsed).isBetween(Duration.ofMillis(300), Duration.ofMillis(2000));
    }

    // ---- control endpoints ----

    @Test
    void controlEndpointsExposeMembersAndStats() throws Exception {
        String token = accessToken();
        postMembers(ACME, token, List.of(BOB));
        JsonNode members = json(send(HttpRequest.newBuilder(uri("/sandbox/organizations/" + ACME + "/members"))));
        assertThat(members.toString()).isEqualTo("[\"" + ALICE + "\",\"" + BOB + "\"]");
        JsonNode stats = json(send(HttpRequest.newBuilder(uri("/sandbox/stats"))));
        assertThat(stats.get("total_requests").intValue()).isEqualTo(2);
        assertThat(stats.get("requests").get("members_post").intValue()).isEqualTo(1);
        assertThat(stats.get("requests").get("token").intValue()).isEqualTo(1);
        assertThat(stats.get("posts").toString()).isEqualTo("{\"" + ACME + "\":{\"" + BOB + "\":1}}");
    }

    // ---- helpers ----

    String accessToken() throws Exception {
        HttpResponse<String> response = tokenRequest("sandbox-client", "sandbox-secret");
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get("access_token").stringValue();
    }

    HttpResponse<String> tokenRequest(String clientId, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret
                + "&audience=" + URLEncoder.encode(tenant.baseUrl() + "/api/v2/", StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send(request(path, token));
    }

    HttpResponse<String> postMembers(String orgId, String token, List<String> ids) throws Exception {
        return post("/api/v2/organizations/" + orgId + "/members", token,
                JSON.writeValueAsString(java.util.Map.of("members", ids)));
    }

    HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    String badRequestCode(String path, String token) throws Exception {
        HttpResponse<String> response = get(path, token);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        return json(response).get("errorCode").stringValue();
    }

    HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create(tenant.baseUrl() + path);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
