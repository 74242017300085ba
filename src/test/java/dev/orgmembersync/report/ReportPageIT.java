package dev.orgmembersync.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The README's first command, {@code java -jar target/org-member-sync.jar --sandbox}, writes report.html. */
class ReportPageIT {

    @TempDir
    Path dir;

    @Test
    void shouldWriteAPageWithTheSummarysNumbersWhenTheReadmesSandboxCommandRuns() throws Exception {
        // given the samples in a directory of its own, as in a fresh checkout
        for (String sample : List.of("memberships.csv", "sandbox-tenant.json")) {
            Files.createDirectories(dir.resolve("samples"));
            Files.copy(Path.of("samples", sample), dir.resolve("samples").resolve(sample));
        }
        // when
        Process process = new ProcessBuilder("java", "-jar", System.getProperty("orgsync.jar"), "--sandbox", "--quiet")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        // then
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        Path reports = dir.resolve("reports/run-1");
        assertThat(output).contains("reports/run-1/report.html");
        JsonNode summary = JsonMapper.builder().build().readTree(Files.readString(reports.resolve("summary.json")));
        Document page = Jsoup.parse(reports.resolve("report.html").toFile(), "UTF-8");
        assertThat(page.selectFirst("#status").text()).isEqualTo(summary.path("status").asString());
        assertThat(page.selectFirst("#exit-code").text()).isEqualTo("2");
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Element tr : page.select("#totals tbody tr")) {
            totals.put(tr.child(0).text(), Long.parseLong(tr.child(1).text().replace(",", "")));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        summary.path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        assertThat(totals).containsExactlyEntriesOf(counts);
        assertThat(page.select("#organizations tbody tr")).hasSize(summary.path("organizations").size());
        assertThat(page.select("#timeline g.bucket")).isNotEmpty();
        assertThat(page.select("script, link, img, [src], [href]")).isEmpty();
    }
}
