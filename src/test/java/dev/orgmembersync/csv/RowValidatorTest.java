package dev.orgmembersync.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowValidatorTest {

    private static final String FILE = "in/members.csv";
    private static final String VALID_ORG = "org_AbC123xyz0000001";
    private static final String VALID_USER = "auth0|507f1f77bcf86cd799439011";
    private static final String BAR_FORMAT = "must be <connection>|<id> (e.g. auth0|507f1f77bcf86cd799439011), got '";

    private final RowValidator validator = new RowValidator(FILE);

    @Test
    void shouldAcceptRowWhenOrganizationIdAndUserIdAreValid() {
        // given
        MembershipRow row = byId(VALID_ORG, VALID_USER);

        // when
        Optional<RowRejection> rejection = validator.validate(row);

        // then
        assertThat(rejection).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth0|507f1f77bcf86cd799439011", "samlp|acme-idp|jane@acme.com", "google-oauth2|1234",
            "a|b"})
    void shouldAcceptUserIdWhenItHasAConnectionAndAnId(String userId) {
        // given
        MembershipRow row = byId(VALID_ORG, userId);

        // when / then
        assertThat(validator.validate(row)).isEmpty();
    }

    @Test
    void shouldAcceptOrganizationIdWhenItIsExactly50Characters() {
        // given
        String id = "org_" + "a".repeat(46);

        // when / then
        assertThat(id).hasSize(50);
        assertThat(validator.validate(byId(id, VALID_USER))).isEmpty();
    }

    @Test
    void shouldRejectOrganizationIdWhenEmpty() {
        assertThat(detail(byId("", VALID_USER))).isEqualTo("organization_id: is empty");
    }

    @Test
    void shouldRejectOrganizationIdWhenNullAndNoNameColumn() {
        assertThat(detail(byId(null, VALID_USER))).isEqualTo("organization_id: is empty");
    }

    @Test
    void shouldRejectOrganizationIdWhenLongerThan50Characters() {
        // given
        String id = "org_" + "a".repeat(47);

        // when / then
        assertThat(detail(byId(id, VALID_USER))).isEqualTo("organization_id: is longer than 50 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"org-abc", "ORG_x", "org_", "org_a-b", "abc", "org_a b", " org_a"})
    void shouldRejectOrganizationIdWhenFormatIsWrong(String id) {
        assertThat(detail(byId(id, VALID_USER)))
                .isEqualTo("organization_id: must be 'org_' followed by letters and digits, got '" + id + "'");
    }

    @Test
    void shouldCheckOrganizationIdNotNameWhenBothAreGiven() {
        // given
        MembershipRow row = new MembershipRow(2, "org-abc", "Acme", VALID_USER, null);

        // when / then
        assertThat(validator.validate(row)).map(RowRejection::field).contains("organization_id");
    }

    @Test
    void shouldUseOrganizationNameWhenIdIsEmptyAndNameColumnExists() {
        // given
        MembershipRow row = new MembershipRow(2, "", "acme-inc_2", VALID_USER, null);

        // when / then
        assertThat(validator.validate(row)).isEmpty();
    }

    @Test
    void shouldUseOrganizationNameWhenFileHasNoIdColumn() {
        // given
        MembershipRow row = byName("acme", VALID_USER);

        // when / then
        assertThat(validator.validate(row)).isEmpty();
    }

    @Test
    void shouldAcceptOrganizationNameWhenItIsExactly50Characters() {
        assertThat(validator.validate(byName("n".repeat(50), VALID_USER))).isEmpty();
    }

    @Test
    void shouldRejectOrganizationNameWhenLongerThan50Characters() {
        assertThat(detail(byName("n".repeat(51), VALID_USER)))
                .isEqualTo("organization_name: is longer than 50 characters");
    }

    @Test
    void shouldRejectOrganizationNameWhenItContainsControlCharacters() {
        assertThat(detail(byName("acme\u0007", VALID_USER))).isEqualTo("organization_name: contains control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = { "acme inc", "acme.corp", "acme/eu", "soci\u00e9t\u00e9", "acme%2F" })
    void shouldRejectOrganizationNameWhenItHasACharacterAuth0NamesCannotHave(String name) {
        assertThat(detail(byName(name, VALID_USER))).isEqualTo("organization_name: must be lower-case letters, digits,"
                + " '_' and '-' (Auth0's organization names), got '" + name + "'");
    }

    @Test
    void shouldRejectOrganizationNameAndSuggestLowerCaseWhenItHasUpperCaseLetters() {
        assertThat(detail(byName("Acme-EU", VALID_USER))).isEqualTo("organization_name: must be lower-case letters,"
                + " digits, '_' and '-' (Auth0's organization names), got 'Acme-EU' (did you mean 'acme-eu'?)");
    }

    @Test
    void shouldRejectBothEmptyWhenIdAndNameAreEmpty() {
        // given
        MembershipRow row = new MembershipRow(7, "", "", VALID_USER, null);

        // when
        RowRejection rejection = validator.validate(row).orElseThrow();

        // then
        assertThat(rejection.field()).isEqualTo("organization_id");
        assertThat(rejection.detail()).isEqualTo("organization_id: is empty (and so is organization_name)");
        assertThat(rejection.line()).isEqualTo(7);
    }

    @Test
    void shouldReportOrganizationBeforeUserWhenBothAreInvalid() {
        assertThat(detail(byId("", ""))).isEqualTo("organization_id: is empty");
    }

    @Test
    void shouldRejectUserIdWhenEmpty() {
        assertThat(detail(byId(VALID_ORG, ""))).isEqualTo("user_id: is empty");
    }

    @Test
    void shouldRejectUserIdWhenNull() {
        assertThat(detail(byId(VALID_ORG, null))).isEqualTo("user_id: is empty");
    }

    @Test
    void shouldAcceptUserIdWhenItIsExactly255Characters() {
        // given
        String id = "auth0|" + "a".repeat(249);

        // when / then
        assertThat(id).hasSize(255);
        assertThat(validator.validate(byId(VALID_ORG, id))).isEmpty();
    }

    @Test
    void shouldRejectUserIdWhenLongerThan255Characters() {
        assertThat(detail(byId(VALID_ORG, "auth0|" + "a".repeat(250))))
                .isEqualTo("user_id: is longer than 255 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob", "|bob", "auth0|", "|"})
    void shouldRejectUserIdWhenBarIsMissingFirstOrLast(String id) {
        assertThat(detail(byId(VALID_ORG, id))).isEqualTo("user_id: " + BAR_FORMAT + id + "'");
    }

    @Test
    void shouldRejectUserIdWhenItContainsASpace() {
        assertThat(detail(byId(VALID_ORG, "auth0|jane doe")))
                .isEqualTo("user_id: contains spaces or control characters: 'auth0|jane doe'");
    }

    @Test
    void shouldRejectUserIdAndMaskControlCharactersWhenItContainsThem() {
        assertThat(detail(byId(VALID_ORG, "auth0|a\u0000b\tc\u007fd")))
                .isEqualTo("user_id: contains spaces or control characters: 'auth0|a?b?c?d'");
    }

    @Test
    void shouldRejectUserIdWhenItContainsANewline() {
        assertThat(detail(byId(VALID_ORG, "auth0|a\nb")))
                .isEqualTo("user_id: contains spaces or control characters: 'auth0|a?b'");
    }

    @Test
    void shouldReportMalformedRowWithoutFieldWhenRowIsMalformed() {
        // given
        MembershipRow row = new MembershipRow(4, VALID_ORG, null, VALID_USER, "expected 2 fields as in the header, found 3");

        // when
        RowRejection rejection = validator.validate(row).orElseThrow();

        // then
        assertThat(rejection).isEqualTo(new RowRejection(FILE, 4, null, "expected 2 fields as in the header, found 3"));
        assertThat(rejection.detail()).isEqualTo("expected 2 fields as in the header, found 3");
        assertThat(rejection.toString()).isEqualTo("in/members.csv:4: expected 2 fields as in the header, found 3");
    }

    @Test
    void shouldFormatDetailAsFieldColonReasonWhenFieldIsKnown() {
        // given
        RowRejection rejection = new RowRejection("a.csv", 12, "user_id", "is empty");

        // when / then
        assertThat(rejection.detail()).isEqualTo("user_id: is empty");
        assertThat(rejection.toString()).isEqualTo("a.csv:12: user_id: is empty");
    }

    @Test
    void shouldCarryFileAndLineWhenRowIsRejected() {
        // given
        MembershipRow row = new MembershipRow(42, VALID_ORG, null, "bob", null);

        // when
        RowRejection rejection = validator.validate(row).orElseThrow();

        // then
        assertThat(rejection.file()).isEqualTo(FILE);
        assertThat(rejection.line()).isEqualTo(42);
        assertThat(rejection.field()).isEqualTo("user_id");
        assertThat(rejection.toString()).isEqualTo("in/members.csv:42: user_id: " + BAR_FORMAT + "bob'");
    }

    @Test
    void shouldShortenValueWhenQuotingALongUserId() {
        // given: 200 characters, under the length limit, but without a bar
        String id = "u".repeat(60) + "TAIL" + "v".repeat(136);

        // when
        String detail = detail(byId(VALID_ORG, id));

        // then
        assertThat(detail).isEqualTo("user_id: " + BAR_FORMAT + "u".repeat(60) + "...'");
        assertThat(detail).doesNotContain("TAIL");
    }

    @Test
    void shouldKeepMessageShortWhenValueIs100Kilobytes() {
        // given
        String huge = "x".repeat(100_000);

        // when
        String userMessage = validator.validate(byId(VALID_ORG, "auth0|" + huge)).orElseThrow().toString();
        String orgMessage = validator.validate(byId("org_" + huge, VALID_USER)).orElseThrow().toString();
        String nameMessage = validator.validate(byName(huge, VALID_USER)).orElseThrow().toString();

        // then
        assertThat(userMessage).hasSizeLessThan(200).startsWith("in/members.csv:2: user_id: ");
        assertThat(orgMessage).hasSizeLessThan(200).startsWith("in/members.csv:2: organization_id: ");
        assertThat(nameMessage).hasSizeLessThan(200).startsWith("in/members.csv:2: organization_name: ");
    }

    @Test
    void shouldShortenToSixtyCharactersPlusEllipsisWhenValueIsLong() {
        assertThat(RowValidator.shorten("a".repeat(61))).isEqualTo("a".repeat(60) + "...");
        assertThat(RowValidator.shorten("a".repeat(60))).isEqualTo("a".repeat(60));
        assertThat(RowValidator.shorten("x".repeat(100_000))).hasSize(63);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane@example.com", "Jane.Doe+hr@Example.COM", "a@b"})
    void shouldAcceptEmailWhenItHasOneAtSign(String email) {
        assertThat(validator.validate(byEmail(email))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane.example.com", "jane@@example.com", "a@b@c", "@example.com", "jane@"})
    void shouldRejectEmailNamingTheFieldWhenItDoesNotHaveExactlyOneAtSign(String email) {
        assertThat(detail(byEmail(email))).isEqualTo("email: must be one address with a single '@' (e.g."
                + " jane@example.com), got '" + email + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane doe@example.com", "jane@exa\tmple.com", "jane\u00a0@example.com"})
    void shouldRejectEmailWhenItContainsSpaces(String email) {
        assertThat(detail(byEmail(email))).startsWith("email: contains spaces or control characters");
    }

    @Test
    void shouldRejectEmailWhenLongerThan254Characters() {
        // given
        String ok = "a".repeat(242) + "@example.com";
        String tooLong = "a" + ok;

        // when / then
        assertThat(ok).hasSize(254);
        assertThat(validator.validate(byEmail(ok))).isEmpty();
        assertThat(detail(byEmail(tooLong))).isEqualTo("email: is longer than 254 characters");
    }

    @Test
    void shouldRejectRowNamingBothFieldsWhenUserIdAndEmailAreEmpty() {
        assertThat(detail(new MembershipRow(5, VALID_ORG, null, "", "", null, null)))
                .isEqualTo("email: is empty (and so is user_id)");
    }

    @Test
    void shouldCheckUserIdNotEmailWhenRowHasBoth() {
        // given: a bad email beside a good id, and a good email beside a bad id
        MembershipRow goodId = new MembershipRow(2, VALID_ORG, null, VALID_USER, "not-an-email", null, null);
        MembershipRow badId = new MembershipRow(3, VALID_ORG, null, "bob", "bob@example.com", null, null);

        // when / then
        assertThat(validator.validate(goodId)).isEmpty();
        assertThat(detail(badId)).startsWith("user_id: ");
    }

    private String detail(MembershipRow row) {
        return validator.validate(row).orElseThrow(() -> new AssertionError("expected a rejection for " + row)).detail();
    }

    private static MembershipRow byId(String organizationId, String userId) {
        return new MembershipRow(2, organizationId, null, userId, null);
    }

    private static MembershipRow byEmail(String email) {
        return new MembershipRow(2, null, "acme", null, email, null, null);
    }

    private static MembershipRow byName(String organizationName, String userId) {
        return new MembershipRow(2, null, organizationName, userId, null);
    }
}
