package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MissingUsersAnswerTest {

    private static final List<String> IDS = List.of("auth0|u1", "auth0|u10", "samlp|idp|john", "samlp|idp|john-smith",
            "email|jane.doe");

    @ParameterizedTest
    @ValueSource(strings = { "One or more users do not exist.", "The user does not exist.",
            "User auth0|u1 does not exist", "The following members were not found: auth0|u1",
            "Unknown user ids: auth0|u1", "user_id auth0|u1 doesn't exist" })
    void shouldBeAboutUsersWhenAnInvalidBodyMessageSaysTheyDoNotExist(String message) {
        assertThat(MissingUsersAnswer.isAbout(new ApiError(400, "Bad Request", message, "invalid_body", null))).isTrue();
        assertThat(MissingUsersAnswer.isAbout(new ApiError(400, "Bad Request", message, null, null))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Payload validation error: 'String does not match pattern' on property members[0]",
            "Payload validation error: 'Array is too long (11), maximum 10' on property members",
            "Invalid request body. The message will vary depending on the cause." })
    void shouldNotBeAboutUsersWhenAnInvalidBodyMessageIsAboutTheBody(String message) {
        assertThat(MissingUsersAnswer.isAbout(new ApiError(400, "Bad Request", message, "invalid_body", null))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({ "400,invalid_query_string", "400,operation_not_supported", "404," })
    void shouldNotBeAboutUsersWhenTheCodeOrStatusSaysOtherwise(int status, String code) {
        String message = status == 404 ? "No organization found by that id or name" : "users do not exist";
        assertThat(MissingUsersAnswer.isAbout(new ApiError(status, "x", message, code, null))).isFalse();
    }

    @Test
    void shouldBeAboutUsersWhenTheCodeIsInexistentUser() {
        assertThat(MissingUsersAnswer.isAbout(new ApiError(404, "Not Found", "The user does not exist.",
                "inexistent_user", null))).isTrue();
    }

    @Test
    void shouldNameAnIdOnlyWhereItStandsAlone() {
        // auth0|u10 contains auth0|u1, samlp|idp|john-smith contains samlp|idp|john
        assertThat(MissingUsersAnswer.namedIds("User auth0|u10 does not exist", IDS)).containsExactly("auth0|u10");
        assertThat(MissingUsersAnswer.namedIds("Users samlp|idp|john-smith, auth0|u1.", IDS))
                .containsExactly("auth0|u1", "samlp|idp|john-smith");
        assertThat(MissingUsersAnswer.namedIds("'email|jane.doe' does not exist.", IDS)).containsExactly("email|jane.doe");
        assertThat(MissingUsersAnswer.namedIds("One or more users do not exist.", IDS)).isEmpty();
        assertThat(MissingUsersAnswer.namedIds(null, IDS)).isEmpty();
    }
}
