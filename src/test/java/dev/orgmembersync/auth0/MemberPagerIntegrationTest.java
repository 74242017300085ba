package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.orgmembersync.auth0.ScriptedAuth0Server.Reply;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Request;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkpoint paging of organization members against a scripted server. */
class MemberPagerIntegrationTest {

    static final String ORG = "org_Nuv6WsOjyU53rGyQ";
    static final String MEMBERS = "/api/v2/organizations/" + ORG + "/members";
    /** Opaque base64-like cursor with characters that must be encoded in a query. */
    static final String CURSOR_1 = "MjAyMy0wNCBVVEMsYXV0aDB8NjQx+/=";
    static final String CURSOR_2 = "MjAyMy0wNSBVVEMsYXV0aDB8NjQy";

    @AutoClose
    ScriptedAuth0Server server;
    MemberPager pager;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedAuth0Server.start();
        pager = new MemberPager(Auth0TestClients.client(Auth0TestClients.staticToken(server.baseUrl(), "tok"),
                Auth0TestClients.unlimited(), Auth0TestClients.fastRetry(3)).api());
    }

    static Reply page(String next, String... userIds) {
        String members = Arrays.stream(userIds)
                .map(id -> "{\"user_id\":\"" + id + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        return Reply.json(200, next == null ? "{\"members\":" + members + "}"
                : "{\"members\":" + members + ",\"next\":\"" + next + "\"}");
    }

    static Map<String, String> query(Request request) {
        return request.query() == null ? Map.of()
                : Arrays.stream(request.query().split("&"))
                        .map(pair -> pair.split("=", 2))
                        .collect(Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? kv[1] : ""));
    }

    @Test
    void followsNextUntilTheEmptyPageWithoutNext() {
        server.enqueue(MEMBERS,
                page(CURSOR_1, "auth0|1", "auth0|2"),
                page(CURSOR_2, "auth0|3"), // Auth0's last non-empty page still carries a next
                page(null));
        List<List<String>> pages = new ArrayList<>();

        boolean found = pager.forEachPage(ORG, pages::add);

        assertThat(found).isTrue();
        assertThat(pages).containsExactly(List.of("auth0|1", "auth0|2"), List.of("auth0|3"));
        List<Request> requests = server.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo(MEMBERS);
            assertThat(request.authorization()).isEqualTo("Bearer tok");
            assertThat(query(request)).containsEntry("take", "100")
                    .containsEntry("fields", "user_id,email")
                    .doesNotContainKeys("page", "per_page");
        });
        assertThat(query(requests.get(0))).doesNotContainKey("from");
        assertThat(query(requests.get(1))).containsEntry("from", "MjAyMy0wNCBVVEMsYXV0aDB8NjQx%2B%2F%3D");
        assertThat(query(requests.get(2))).containsEntry("from", CURSOR_2);
    }

    @Test
    void unknownOrganizationReturnsFalseWithoutPages() {
        server.enqueue(MEMBERS, Reply.json(404, "{\"statusCode\":404,\"error\":\"Not Found\","
                + "\"message\":\"No organization found by that id or name\"}"));
        List<List<String>> pages = new ArrayList<>();

        assertThat(pager.forEachPage(ORG, pages::add)).isFalse();
        assertThat(pages).isEmpty();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aCursorThatDoesNotMoveEndsTheWalk() {
        server.always(MEMBERS, page(CURSOR_2, "auth0|1"));
        List<List<String>> pages = new ArrayList<>();

        boolean found = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> pager.forEachPage(ORG, pages::add));

        assertThat(found).isTrue();
        assertThat(server.requests()).hasSize(2);
        assertThat(query(server.requests().get(1))).containsEntry("from", CURSOR_2);
    }
}
