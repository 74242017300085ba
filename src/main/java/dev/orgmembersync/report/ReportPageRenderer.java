package dev.orgmembersync.report;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * Renders {@code report.html} from {@code report/report.html.mustache} with JMustache. Every {@code {{value}}} is
 * HTML-escaped (the template has no unescaped ones), so text from the input or from Auth0 can add no element.
 */
public final class ReportPageRenderer {

    private static final String TEMPLATE = "report/report.html.mustache";

    private final Template template;

    public ReportPageRenderer() {
        try (Reader source = new InputStreamReader(ReportPageRenderer.class.getClassLoader().getResourceAsStream(TEMPLATE),
                StandardCharsets.UTF_8)) {
            // strictSections: a misspelt section name fails the render instead of silently dropping a section
            this.template = Mustache.compiler().escapeHTML(true).strictSections(true).compile(source);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not read the template " + TEMPLATE, ex);
        }
    }

    public void render(ReportPage page, Writer out) {
        template.execute(page, out);
    }
}
