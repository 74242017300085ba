package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserSearchTest {

    @Test
    void shouldReadQuotedIdsOfOneOrSeveralTerms() {
        assertThat(UserSearch.userIds("user_id:\"auth0|a\"")).containsExactly("auth0|a");
        assertThat(UserSearch.userIds("user_id:(\"auth0|a\" OR \"samlp|idp|b\\\"q\" OR  \"c\")"))
                .containsExactly("auth0|a", "samlp|idp|b\"q", "c");
    }

    @Test
    void shouldRefuseOtherQueriesWithAuth0s400() {
        for (String q : new String[] { null, "email:\"a@b\"", "user_id:auth0|a", "user_id:(\"a\" AND \"b\")",
                "user_id:(\"a\"", "user_id:\"a\" OR \"b\"" }) {
            assertThatThrownBy(() -> UserSearch.userIds(q)).as(q).isInstanceOfSatisfying(ErrorAnswer.class,
                    e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}
