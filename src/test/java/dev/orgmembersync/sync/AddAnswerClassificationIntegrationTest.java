package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sync.AnsweringProxy.Answer;
import dev.orgmembersync.sync.AnsweringProxy.Seen;

/**
 * The whole job against the sandbox, behind a proxy that gives the answers Auth0 may give to an add or a
 * name lookup and the sandbox does not: each answer must end as the report row it deserves, with as few
 * write calls as the answer allows.
 */
class AddAnswerClassificationIntegrationTest {

    private static final String NOBODY = "auth0|nobody";
    private static final String MEMBERS = "/api/v2/organizations/" + ACME + "/members";

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;
    @AutoClose
    private AnsweringProxy proxy;

    static Stream<Arguments> refusalsThatNameNoUser() {
        return Stream.of(
                Arguments.of("invalid_query_string", "Invalid query string"),
                Arguments.of("operation_not_supported", "Operation not supported for this tenant"),
                Arguments.of("invalid_body", "Payload validation error: 'Expected type array but found type string'"
                        + " on property members"));
    }

    @ParameterizedTest
    @MethodSource("refusalsThatNameNoUser")
    void shouldFailTheBatchWithOnePostAndNoSplitWhenA400NamesNoUser(String errorCode, String message) throws IOException {
        // given ten valid rows, and a tenant that refuses every add with a 400 about the request itself
        start(seen -> isAdd(seen) ? Optional.of(Answer.error(400, "Bad Request", message, errorCode)) : Optional.empty());
        // when
        int exit = run.run(tenRows(user(6)), "--auth0.base-url=" + proxy.baseUrl());
        // then one POST, no split, and every row FAILED with Auth0's code and message
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        assertThat(proxy.memberPosts()).hasSize(1);
        assertThat(run.countStatus("FAILED")).isEqualTo(10);
        assertThat(run.report()).allSatisfy(row -> assertThat(row[4]).contains("HTTP 400 " + errorCode, message));
        assertThat(run.countStatus("UNKNOWN_USER")).isZero();
    }

    @Test
    void shouldDropTheNamedIdAndAddTheNineInTwoPostsWhenTheMessageNamesOneId() throws IOException {
        // given a tenant that names the unknown id in its answer
        start(seen -> isAdd(seen) && seen.body().contains(NOBODY)
                ? Optional.of(Answer.error(400, "Bad Request", "The user " + NOBODY + " does not exist.", "invalid_body"))
                : Optional.empty());
        // when
        int exit = run.run(tenRows(NOBODY), "--auth0.base-url=" + proxy.baseUrl());
        // then the nine others are resent at once: two POSTs in all
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        assertThat(proxy.memberPosts()).hasSize(2);
        assertThat(proxy.memberPosts().get(1).body()).doesNotContain(NOBODY);
        assertThat(run.countStatus("ADDED")).isEqualTo(9);
        assertThat(run.sandbox().members(ACME)).hasSize(9).doesNotContain(NOBODY);
        String[] rejected = run.reportBy(row -> row[2]).get(NOBODY);
        assertThat(rejected[3]).isEqualTo("UNKNOWN_USER");
        assertThat(rejected[4]).contains("named this user id", "The user " + NOBODY + " does not exist.");
    }

    private static final Answer NO_READ_USERS = Answer.error(403, "Forbidden",
            "Insufficient scope, expected any of: read:users", "insufficient_scope");

    private static boolean isUserSearch(Seen seen) {
        return seen.method().equals("GET") && seen.path().equals("/api/v2/users");
    }

    @Test
    void shouldSplitUntilTheIdStandsAloneWhenTheMessageSaysUsersDoNotExistWithoutNamingThem() throws IOException {
        // given the sandbox's own answer: 400 invalid_body "One or more users do not exist." (no id named), and a
        // token that may not search users (so the batch is halved, see RefusedBatchIntegrationTest for the search)
        start(seen -> isUserSearch(seen) ? Optional.of(NO_READ_USERS) : Optional.empty());
        // when
        int exit = run.run(tenRows(NOBODY), "--auth0.base-url=" + proxy.baseUrl());
        // then 10 -> 5 + 5 -> the bad five: 2 + 3 -> the bad two: 1 + 1, seven POSTs, and a per-id result
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        assertThat(proxy.memberPosts()).hasSize(7);
        assertThat(run.countStatus("ADDED")).isEqualTo(9);
        String[] rejected = run.reportBy(row -> row[2]).get(NOBODY);
        assertThat(rejected[3]).isEqualTo("UNKNOWN_USER");
        assertThat(rejected[4]).contains("when sent alone", "One or more users do not exist.");
    }

    @Test
    void shouldSplitUntilTheIdStandsAloneWhenTheAnswerIsInexistentUser() throws IOException {
        // given a tenant answering 404 inexistent_user, as Auth0's user endpoints do
        start(seen -> isAdd(seen) && seen.body().contains(NOBODY)
                ? Optional.of(Answer.error(404, "Not Found", "The user does not exist.", "inexistent_user"))
                : isUserSearch(seen) ? Optional.of(NO_READ_USERS) : Optional.empty());
        // when
        int exit = run.run(tenRows(NOBODY), "--auth0.base-url=" + proxy.baseUrl());
        // then
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        assertThat(proxy.memberPosts()).hasSize(7);
        assertThat(run.countStatus("ADDED")).isEqualTo(9);
        String[] rejected = run.reportBy(row -> row[2]).get(NOBODY);
        assertThat(rejected[3]).isEqualTo("UNKNOWN_USER");
        assertThat(rejected[4]).contains("when sent alone", "HTTP 404 inexistent_user: The user does not exist.");
    }

    @Test
    void shouldMarkTheNamesRowsUnknownOrganizationAndFinishTheRunWhenTheNameLookupAnswers400() throws IOException {
        // given rows naming two organizations, one of which Auth0 refuses to look up
        String refusal = "Path validation error: 'String does not match pattern' on property name";
        start(seen -> seen.path().equals("/api/v2/organizations/name/blocked-name")
                ? Optional.of(Answer.error(400, "Bad Request", refusal, "invalid_uri"))
                : Optional.empty());
        Path input = Files.write(dir.resolve("by-name.csv"), List.of("organization_name,user_id",
                "acme," + user(1), "blocked-name," + user(2), "blocked-name," + user(3)));
        // when
        int exit = run.run(input, "--auth0.base-url=" + proxy.baseUrl());
        // then the run completes: the known organization's row is added, the other two are UNKNOWN_ORGANIZATION
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        Map<String, String[]> byUser = run.reportBy(row -> row[2]);
        assertThat(byUser.get(user(1))[3]).isEqualTo("ADDED");
        for (String id : List.of(user(2), user(3))) {
            assertThat(byUser.get(id)[3]).isEqualTo("UNKNOWN_ORGANIZATION");
            assertThat(byUser.get(id)[4]).contains("blocked-name", "HTTP 400 invalid_uri: " + refusal);
        }
    }

    private void start(Function<Seen, Optional<Answer>> answers) throws IOException {
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0));
        proxy = new AnsweringProxy(run.sandbox().baseUrl(), answers);
    }

    private static boolean isAdd(Seen seen) {
        return seen.method().equals("POST") && seen.path().equals(MEMBERS);
    }

    /** Ten rows for ACME: users 1..10 with the sixth replaced by {@code sixth}. */
    private Path tenRows(String sixth) {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            rows.add(ACME + "," + (i == 6 ? sixth : user(i)));
        }
        return run.csv("ten.csv", rows);
    }
}
