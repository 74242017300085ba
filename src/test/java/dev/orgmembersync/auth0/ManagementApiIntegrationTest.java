package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

import dev.orgmembersync.auth0.ScriptedAuth0Server.Reply;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Request;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ManagementApi#addMembers}: request shape and how each answer becomes an outcome or an exception. */
class ManagementApiIntegrationTest {

    static final String TOKEN = "static-token-s3cr3t";
    static final String ORG = "org_Nuv6WsOjyU53rGyQ";
    static final String MEMBERS = "/api/v2/organizations/" + ORG + "/members";
    static final List<String> IDS = List.of("auth0|65f1c0a1b2c3d4e5f6a7b8c9", "google-oauth2|109876543210987654321");

    @AutoClose
    ScriptedAuth0Server server;
    ManagementApi api;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedAuth0Server.start();
        api = Auth0TestClients.client(Auth0TestClients.staticToken(server.baseUrl(), TOKEN), Auth0TestClients.unlimited(),
                Auth0TestClients.fastRetry(3)).api();
    }

    @Test
    void noContentIsAddedAndTheRequestCarriesTheIdsTheBearerTokenAndAnEncodedPath() {
        String org = "org_a b/c";
        String path = "/api/v2/organizations/org_a%20b%2Fc/members";
        server.enqueue(path, Reply.noContent());

        AddOutcome outcome = api.addMembers(org, IDS);

        assertThat(outcome).isEqualTo(new AddOutcome.Added());
        assertThat(server.requests()).hasSize(1);
        Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(path);
        assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(request.body())
                .isEqualTo("{\"members\":[\"auth0|65f1c0a1b2c3d4e5f6a7b8c9\",\"google-oauth2|109876543210987654321\"]}");
    }

    @Test
    void moreThanTenIdsIsRefusedWithoutARequest() {
        List<String> eleven = IntStream.rangeClosed(1, 11).mapToObj(i -> "auth0|" + i).toList();

        assertThatThrownBy(() -> api.addMembers(ORG, eleven)).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void exactlyTenIdsAreSentInOneRequest() {
        List<String> ten = IntStream.rangeClosed(1, 10).mapToObj(i -> "auth0|" + i).toList();
        server.enqueue(MEMBERS, Reply.noContent());

        assertThat(api.addMembers(ORG, ten)).isInstanceOf(AddOutcome.Added.class);
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).body()).contains("\"auth0|1\"", "\"auth0|10\"");
    }

    @Test
    void shouldBeRefusedAfterOneRequestWhenInvalidBodyIsAboutTheBodyNotAUser() {
        server.enqueue(MEMBERS, Reply.json(400, "{\"statusCode\":400,\"error\":\"Bad Request\","
                + "\"message\":\"Payload validation error: 'String does not match pattern' on property members[0]\","
                + "\"errorCode\":\"invalid_body\"}"));

        AddOutcome outcome = api.addMembers(ORG, IDS);

        assertThat(outcome).isEqualTo(new AddOutcome.Refused("HTTP 400 invalid_body: Payload validation error:"
                + " 'String does not match pattern' on property members[0]"));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldBeRefusedAfterOneRequestWhenTheCodeIsNotAboutUsers() {
        // even a message that mentions users does not make invalid_query_string about them
        server.enqueue(MEMBERS, Reply.json(400, "{\"statusCode\":400,\"error\":\"Bad Request\","
                + "\"message\":\"Invalid query string: users do not exist as a parameter\","
                + "\"errorCode\":\"invalid_query_string\"}"));

        assertThat(api.addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Refused.class);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldBeUnknownUsersNamingNoneWhenTheMessageSaysUsersDoNotExist() {
        server.enqueue(MEMBERS, Reply.json(400, "{\"statusCode\":400,\"error\":\"Bad Request\","
                + "\"message\":\"One or more users do not exist.\",\"errorCode\":\"invalid_body\"}"));

        assertThat(api.addMembers(ORG, IDS)).isEqualTo(new AddOutcome.UnknownUsers(List.of(),
                "HTTP 400 invalid_body: One or more users do not exist."));
    }

    @Test
    void shouldBeUnknownUsersNamingTheIdWhenTheMessageNamesOneOfTheCall() {
        server.enqueue(MEMBERS, Reply.json(400, "{\"statusCode\":400,\"error\":\"Bad Request\","
                + "\"message\":\"User google-oauth2|109876543210987654321 does not exist.\"}"));

        AddOutcome outcome = api.addMembers(ORG, IDS);

        assertThat(outcome).isInstanceOf(AddOutcome.UnknownUsers.class);
        assertThat(((AddOutcome.UnknownUsers) outcome).named()).containsExactly("google-oauth2|109876543210987654321");
    }

    @Test
    void inexistentUserIsUnknownUsers() {
        server.enqueue(MEMBERS, Reply.json(404, "{\"statusCode\":404,\"error\":\"Not Found\","
                + "\"message\":\"The user does not exist.\",\"errorCode\":\"inexistent_user\"}"));

        AddOutcome outcome = api.addMembers(ORG, IDS);

        assertThat(outcome).isEqualTo(new AddOutcome.UnknownUsers(List.of(),
                "HTTP 404 inexistent_user: The user does not exist."));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void notFoundWithoutErrorCodeIsUnknownOrganization() {
        server.enqueue(MEMBERS, Reply.json(404, "{\"statusCode\":404,\"error\":\"Not Found\","
                + "\"message\":\"No organization found by that id or name\"}"));

        AddOutcome outcome = api.addMembers(ORG, IDS);

        assertThat(outcome).isInstanceOf(AddOutcome.UnknownOrganization.class);
        assertThat(((AddOutcome.UnknownOrganization) outcome).reason()).contains("No organization found");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void insufficientScopeStopsTheJobAfterOneRequestWithoutLeakingTheToken() {
        server.enqueue(MEMBERS, Reply.json(403, "{\"statusCode\":403,\"error\":\"Forbidden\","
                + "\"message\":\"Insufficient scope; expected any of: create:organization_members.\","
                + "\"errorCode\":\"insufficient_scope\"}"));

        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(Auth0AccessException.class)
                .hasMessageContaining("create:organization_members")
                .hasMessageContaining("scopes")
                .message().doesNotContain(TOKEN);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldSayPlanLimitNotScopesWhenTheAnswerIsInsufficientEntitlement() {
        server.enqueue(MEMBERS, Reply.json(403, "{\"statusCode\":403,\"error\":\"Forbidden\","
                + "\"message\":\"Please upgrade your subscription to use this feature.\","
                + "\"errorCode\":\"insufficient_entitlement\"}"));

        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(Auth0AccessException.class)
                .hasMessageContaining("tenant's plan, not a missing scope")
                .hasMessageContaining("insufficient_entitlement: Please upgrade your subscription")
                .message().doesNotContain("grant the application");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldSayPlanLimitWhenTheMessageAsksToUpgradeThePlanWithoutACode() {
        server.enqueue(MEMBERS, Reply.json(403, "{\"statusCode\":403,\"error\":\"Forbidden\","
                + "\"message\":\"Organizations are not available on your plan; upgrade to enable them.\"}"));

        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(Auth0AccessException.class)
                .hasMessageContaining("tenant's plan, not a missing scope");
    }

    @Test
    void shouldBeUnknownWithAuth0sMessageWhenTheNameLookupAnswers400() {
        String path = "/api/v2/organizations/name/acme-eu";
        server.enqueue(path, Reply.json(400, "{\"statusCode\":400,\"error\":\"Bad Request\","
                + "\"message\":\"Path validation error: 'String is too long' on property name\","
                + "\"errorCode\":\"invalid_uri\"}"));

        assertThat(api.organizationIdByName("acme-eu")).isEqualTo(new OrganizationLookup.Unknown(
                "HTTP 400 invalid_uri: Path validation error: 'String is too long' on property name"));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldFindTheIdWhenTheNameLookupAnswers200() {
        server.enqueue("/api/v2/organizations/name/acme-eu", Reply.json(200,
                "{\"id\":\"org_xm9zGmT0GL8CaSR9\",\"name\":\"acme-eu\",\"display_name\":\"Acme EU\"}"));

        assertThat(api.organizationIdByName("acme-eu")).isEqualTo(new OrganizationLookup.Found("org_xm9zGmT0GL8CaSR9"));
    }

    @Test
    void staticTokenRejectedStopsTheJobAfterOneRequest() {
        server.enqueue(MEMBERS, Reply.json(401, "{\"statusCode\":401,\"error\":\"Unauthorized\","
                + "\"message\":\"Invalid token\"}"));

        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(Auth0AccessException.class)
                .hasMessageContaining("401")
                .message().doesNotContain(TOKEN);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void connectionDroppedEveryTimeIsTenantUnavailableAfterMaxAttempts() {
        server.always(MEMBERS, Reply.drop());

        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(TenantUnavailableException.class)
                .hasMessageContaining(server.baseUrl().toString());
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void connectionDroppedOnceThenNoContentIsAdded() {
        server.enqueue(MEMBERS, Reply.drop(), Reply.noContent());

        assertThat(api.addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).body()).isEqualTo(server.requests().get(0).body());
    }
}
