package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.GLOBEX;
import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.ledger.RowStatus;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sync.AnsweringProxy.Answer;
import dev.orgmembersync.sync.AnsweringProxy.Seen;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * report.html from real runs against the sandbox: every number on the page equals summary.json, text from the
 * input or from Auth0 stays text, and the timeline accounts for every call the run made.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReportPageIntegrationTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String ATTRIBUTE_BREAKER = "\"><img src=x onerror=alert(1)>";
    /** Valid as a user id (connection|id), so it reaches Auth0 and comes back in its answer. */
    private static final String SCRIPTED_ID = "auth0|<script>alert(2)</script>";
    private static final String HOSTILE_MESSAGE = "Payload validation error: <img src=x onerror=alert(3)> on members";
    private static final Pattern PANEL = Pattern.compile("([\\d,]+) calls, ([\\d,]+) answered 429");
    private static final Pattern MARK = Pattern.compile("^(\\d+) × 429");

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;
    @AutoClose
    private AnsweringProxy proxy;

    @Test
    void shouldShowEveryNumberOfSummaryJsonWhenRunHasRejections() throws IOException {
        // given existing members, new ones, a duplicate, bad rows, an unknown organization and unlisted members
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(10, 3));
        Path input = Files.write(dir.resolve("mixed.csv"), List.of("organization_id,organization_name,user_id",
                ACME + ",," + user(1), ACME + ",," + user(5), ACME + ",," + user(5), "org-bad,," + user(6),
                ACME + ",,no-bar", "org_NoSuchOrg00001,," + user(7), ",globex," + user(8), ",globex," + user(9)));
        // when
        int exit = run.run(input);
        // then
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        JsonNode summary = run.summary();
        Document page = page();
        assertHeaderMatches(page, summary, exit);
        assertThat(page.selectFirst("#fingerprint").text()).isEqualTo("sha256:" + InputFingerprint.sha256(input));
        assertThat(page.selectFirst("#input").text()).isEqualTo(input.toAbsolutePath().toString());
        assertThat(page.selectFirst("#tenant").text()).isEqualTo(run.sandbox().baseUrl().toString().replaceAll("/$", ""));
        assertThat(page.selectFirst("#mode").text()).isEqualTo("add");
        assertTotalsMatch(page, summary);
        assertTimelineCountsEveryCall(page, summary.path("api"));
        assertThat(page.select("#timeline g.bucket > text.title").eachText())
                .anyMatch(title -> title.startsWith("Organizations by name"));
        // organizations: the one with a rejected row first, every count as in summary.json
        Map<String, Element> organizations = organizationRows(page);
        assertThat(organizations.keySet()).first().isEqualTo("org_NoSuchOrg00001");
        assertThat(organizations.keySet()).containsExactlyInAnyOrderElementsOf(
                summary.path("organizations").valueStream().map(o -> o.path("id").asString()).toList());
        for (JsonNode organization : summary.path("organizations")) {
            Element row = organizations.get(organization.path("id").asString());
            JsonNode counts = organization.path("counts");
            assertThat(cell(row, 4)).as("added").isEqualTo(counts.path("ADDED").asLong(0));
            assertThat(cell(row, 5)).as("already").isEqualTo(counts.path("ALREADY_MEMBER").asLong(0));
            assertThat(cell(row, 9)).as("rejected").isEqualTo(rejected(counts));
        }
        Element acme = organizations.get(ACME);
        assertThat(cell(acme, 2)).as("ACME before: the three seeded members").isEqualTo(3);
        assertThat(cell(acme, 3)).as("ACME after").isEqualTo(4);
        assertThat(organizations.get(GLOBEX).child(0).text()).isEqualTo("globex");
        assertThat(cell(organizations.get(GLOBEX), 2)).isZero();
        assertThat(cell(organizations.get(GLOBEX), 3)).isEqualTo(2);
        // rejected rows: exactly those of reconciliation.csv, with Auth0's message
        List<String> expected = run.report().stream().filter(row -> !row[0].isEmpty()
                && RowStatus.valueOf(row[3]).isRejection()).map(row -> row[0] + "|" + row[3] + "|" + row[4]).toList();
        assertThat(page.select("#rejections tbody tr")).extracting(tr -> tr.child(0).text() + "|" + tr.child(3).text()
                + "|" + tr.child(4).text()).containsExactlyElementsOf(expected);
        assertThat(page.selectFirst("#rejected-total").text()).isEqualTo(Long.toString(expected.size()));
        assertThat(page.select("#more-rejections")).isEmpty();
        assertSelfContained(page);
    }

    @Test
    void shouldKeepMarkupAsTextWhenUserIdsAndAuth0MessagesCarryIt() throws IOException {
        // given a tenant whose answer to an add quotes markup, and an input whose bad rows carry markup
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(10, 0));
        proxy = new AnsweringProxy(run.sandbox().baseUrl(), seen -> isAdd(seen)
                ? Optional.of(Answer.error(400, "Bad Request", HOSTILE_MESSAGE, "invalid_body"))
                : Optional.empty());
        Path input = Files.write(dir.resolve("hostile.csv"), List.of("organization_id,organization_name,user_id",
                ACME + ",," + SCRIPT, ACME + ",,\"" + ATTRIBUTE_BREAKER.replace("\"", "\"\"") + "\"",
                ",\"" + ATTRIBUTE_BREAKER.replace("\"", "\"\"") + "\"," + user(1), ",<script>x</script>," + user(2),
                ACME + ",," + SCRIPTED_ID));
        // when
        int exit = run.run(input, "--auth0.base-url=" + proxy.baseUrl());
        // then every hostile value is on the page as text, and none became an element or an attribute
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        Document page = page();
        Map<String, Element> rows = page.select("#rejections tbody tr").stream()
                .collect(Collectors.toMap(tr -> tr.child(0).text(), tr -> tr, (a, b) -> a, LinkedHashMap::new));
        assertThat(rows.keySet()).containsExactly("2", "3", "4", "5", "6");
        assertThat(rows.get("2").child(2).text()).isEqualTo(SCRIPT);
        assertThat(rows.get("3").child(2).text()).isEqualTo(ATTRIBUTE_BREAKER);
        assertThat(rows.get("4").child(1).text()).isEqualTo(ATTRIBUTE_BREAKER);
        assertThat(rows.get("5").child(1).text()).isEqualTo("<script>x</script>");
        assertThat(rows.get("6").child(2).text()).isEqualTo(SCRIPTED_ID);
        assertThat(rows.get("6").child(4).text()).contains(HOSTILE_MESSAGE);
        assertThat(page.select("script, img")).isEmpty();
        assertThat(page.getAllElements()).allSatisfy(element -> assertThat(element.attributes().asList())
                .noneMatch(attribute -> attribute.getKey().startsWith("on")));
        assertHeaderMatches(page, run.summary(), exit);
    }

    @Test
    void shouldDrawEveryCallAnd429OfTheRunWhenTheTenantThrottles() throws IOException {
        // given a tenant that answers the first three adds with 429 (other traffic emptied the bucket)
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(60, 0));
        AtomicInteger refused = new AtomicInteger();
        proxy = new AnsweringProxy(run.sandbox().baseUrl(), seen -> isAdd(seen) && refused.incrementAndGet() <= 3
                ? Optional.of(Answer.error(429, "Too Many Requests", "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.", null))
                : Optional.empty());
        Path input = run.csv("throttled.csv", users(1, 60).stream().map(id -> ACME + "," + id).toList());
        // when
        int exit = run.run(input, "--auth0.base-url=" + proxy.baseUrl());
        // then the panels add up to the calls and 429s of summary.json, and each 429 is marked
        assertThat(exit).isZero();
        JsonNode api = run.summary().path("api");
        assertThat(api.path("throttled").asLong()).as("the scenario must throttle").isPositive();
        Document page = page();
        assertTimelineCountsEveryCall(page, api);
        long throttled = api.path("throttled").asLong();
        long marked = page.select("#timeline line.throttle > title").stream().mapToLong(title -> {
            Matcher mark = MARK.matcher(title.text());
            assertThat(mark.find()).as(title.text()).isTrue();
            return Long.parseLong(mark.group(1));
        }).sum();
        assertThat(marked).isEqualTo(throttled);
        Element writes = page.select("#timeline g.bucket").stream()
                .filter(g -> g.selectFirst("text.title").text().startsWith("Member writes")).findFirst().orElseThrow();
        assertThat(writes.select("line.limit")).hasSize(1);
        assertThat(writes.select("line.throttle")).isNotEmpty();
        assertThat(page.select("#timeline rect.phase > title, #timeline g > title").eachText())
                .anyMatch(title -> title.startsWith("addMembersStep: ")).anyMatch(title -> title.startsWith("snapshotStep: "));
        assertThat(page.select("#resumed-note")).isEmpty();
    }

    @Test
    void shouldListTwoHundredRejectedRowsAndCountTheRestWhenManyRowsAreRejected() {
        // given 250 rows without a connection in the user id
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(2, 0));
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            rows.add(ACME + ",bare" + i);
        }
        rows.add(ACME + "," + user(1));
        // when
        int exit = run.run(run.csv("many-bad.csv", rows));
        // then
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        Document page = page();
        assertThat(page.select("#rejections tbody tr")).hasSize(200);
        assertThat(page.select("#rejections tbody tr").first().child(0).text()).isEqualTo("2");
        assertThat(page.select("#rejections tbody tr").last().child(0).text()).isEqualTo("201");
        assertThat(page.selectFirst("#rejected-total").text()).isEqualTo("250");
        assertThat(page.selectFirst("#more-rejections").text()).startsWith("50 more rejected rows are in reconciliation.csv");
    }

    @Test
    void shouldSayWhatWouldHappenAndNameThePageInTheSummaryLinesWhenDryRun(CapturedOutput output) {
        // given
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(10, 2));
        Path input = run.csv("dry.csv", users(1, 5).stream().map(id -> ACME + "," + id).toList());
        // when
        int exit = run.run(input, "--sync.dry-run=true");
        // then
        assertThat(exit).isZero();
        Document page = page();
        assertHeaderMatches(page, run.summary(), exit);
        assertTotalsMatch(page, run.summary());
        assertThat(page.selectFirst("#mode").text()).isEqualTo("add, dry run: nothing written to Auth0");
        assertThat(page.select("#organizations thead th").eachText()).contains("Would add", "Members after (would be)");
        Element acme = organizationRows(page).get(ACME);
        assertThat(cell(acme, 2)).isEqualTo(2);
        assertThat(cell(acme, 3)).isEqualTo(5);
        assertThat(cell(acme, 4)).isEqualTo(3);
        assertThat(page.select("#timeline g.bucket > text.title").eachText()).noneMatch(t -> t.startsWith("Member writes"));
        assertThat(output).contains("  report: ").contains(run.reportDir().resolve("report.html").toString());
    }

    @Test
    void shouldWriteTheFailedRunsPageAndSayTheResumedRunDrawsOnlyItsOwnCallsWhenTheRunIsResumed() throws IOException {
        // given a tenant that refuses every add for lack of a scope: the run fails after its reads
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(10, 0));
        boolean[] refuse = { true };
        proxy = new AnsweringProxy(run.sandbox().baseUrl(), seen -> isAdd(seen) && refuse[0]
                ? Optional.of(Answer.error(403, "Forbidden", "Insufficient scope", "insufficient_scope"))
                : Optional.empty());
        Path input = run.csv("resume.csv", users(1, 5).stream().map(id -> ACME + "," + id).toList());
        // when
        int first = run.run(input, "--auth0.base-url=" + proxy.baseUrl());
        // then the failed run's page says so, with the numbers of its summary.json
        assertThat(first).isEqualTo(ExitCodes.FAILED);
        Document failed = page();
        assertHeaderMatches(failed, run.summary(), first);
        assertThat(failed.selectFirst("#status-words").text()).startsWith("Failed");
        assertTotalsMatch(failed, run.summary());
        // when the scope is granted and the same command runs again
        refuse[0] = false;
        int second = run.run(input, "--auth0.base-url=" + proxy.baseUrl());
        // then the page says the timeline shows this execution's calls only
        assertThat(second).isZero();
        Document resumed = page();
        assertHeaderMatches(resumed, run.summary(), second);
        assertThat(resumed.selectFirst("#resumed-note").text()).contains("this execution's calls only");
    }

    private Document page() {
        try {
            return Jsoup.parse(run.reportDir().resolve("report.html").toFile(), "UTF-8");
        }
        catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    private static void assertHeaderMatches(Document page, JsonNode summary, int exit) {
        assertThat(page.selectFirst("#status").text()).isEqualTo(summary.path("status").asString());
        assertThat(page.selectFirst("#exit-code").text()).isEqualTo(Integer.toString(exit));
        assertThat(number(page, "#api-calls")).isEqualTo(summary.path("api").path("calls").asLong());
        assertThat(number(page, "#api-throttled")).isEqualTo(summary.path("api").path("throttled").asLong());
        assertThat(number(page, "#api-retries")).isEqualTo(summary.path("api").path("retries").asLong());
        assertThat(page.selectFirst("#duration").text())
                .contains(String.format(java.util.Locale.ROOT, "%.1f s", summary.path("durationSeconds").asDouble()));
        assertThat(page.selectFirst("#start").text()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
    }

    /** The bucket panels' calls and 429s add up to summary.json's (a run that did not resume). */
    private static void assertTimelineCountsEveryCall(Document page, JsonNode api) {
        long calls = 0;
        long throttled = 0;
        for (Element title : page.select("#timeline g.bucket > text.title")) {
            Matcher counts = PANEL.matcher(title.text());
            assertThat(counts.find()).as(title.text()).isTrue();
            calls += Long.parseLong(counts.group(1).replace(",", ""));
            throttled += Long.parseLong(counts.group(2).replace(",", ""));
        }
        assertThat(calls).isEqualTo(api.path("calls").asLong());
        assertThat(throttled).isEqualTo(api.path("throttled").asLong());
    }

    private static void assertTotalsMatch(Document page, JsonNode summary) {
        Map<String, Long> shown = new LinkedHashMap<>();
        for (Element tr : page.select("#totals tbody tr")) {
            shown.put(tr.child(0).text(), Long.parseLong(tr.child(1).text().replace(",", "")));
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        summary.path("counts").properties().forEach(e -> expected.put(e.getKey(), e.getValue().asLong()));
        assertThat(shown).containsExactlyEntriesOf(expected);
        assertThat(number(page, "#rows")).isEqualTo(summary.path("rows").asLong());
    }

    /** Nothing is loaded from anywhere: no script, style sheet, font or image, and no src or href at all. */
    private static void assertSelfContained(Document page) {
        assertThat(page.select("script, link, img, iframe, object, embed")).isEmpty();
        assertThat(page.select("[src], [href], [xlink:href]")).isEmpty();
        assertThat(page.select("style").html()).doesNotContain("url(", "@import");
    }

    private static Map<String, Element> organizationRows(Document page) {
        return page.select("#organizations tbody tr").stream().collect(Collectors.toMap(tr -> tr.child(1).text(),
                Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    private static long cell(Element row, int column) {
        return Long.parseLong(row.child(column).text().replace(",", ""));
    }

    private static long number(Document page, String selector) {
        return Long.parseLong(page.selectFirst(selector).text().replace(",", ""));
    }

    private static long rejected(JsonNode counts) {
        Set<String> rejections = java.util.Arrays.stream(RowStatus.values()).filter(RowStatus::isRejection)
                .map(Enum::name).collect(Collectors.toSet());
        return counts.properties().stream().filter(e -> rejections.contains(e.getKey()))
                .mapToLong(e -> e.getValue().asLong()).sum();
    }

    private static boolean isAdd(Seen seen) {
        return seen.method().equals("POST") && seen.path().endsWith("/members");
    }
}
