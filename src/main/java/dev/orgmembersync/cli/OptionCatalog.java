package dev.orgmembersync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Our {@code auth0.*} and {@code sync.*} options, read from the metadata the configuration processor
 * generates from the properties records: one source for {@code --help} and for catching typos such as
 * {@code --sync.dryrun=true} before they touch a tenant.
 */
final class OptionCatalog {

    /** Options of ours that are not properties records: handled before Spring starts. */
    static final List<Option> FLAGS = List.of(
            new Option("--sandbox", null, "start the built-in sandbox tenant and run samples/memberships.csv"
                    + " (or sync.input) against it"),
            new Option("--sync.sandbox-seed", "samples/sandbox-tenant.json", "the sandbox tenant's users and organizations"),
            new Option("--quiet", null, "no progress lines or info messages; warnings, errors and the summary only"),
            new Option("--debug", null, "stack traces with errors, debug logging"),
            new Option("--help", null, "this text"),
            new Option("--version", null, "the version"));

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private final List<Option> properties;

    private OptionCatalog(List<Option> properties) {
        this.properties = properties;
    }

    static OptionCatalog load() {
        List<Option> options = new ArrayList<>();
        // Only our own file, the first on the class path (the jar's and the image's classes come before the
        // libraries): reading every library's metadata as well took 0.7 s of each start. Read as a token stream:
        // building an object mapper for one file took a tenth of a second of every start.
        URL own = OptionCatalog.class.getClassLoader().getResource(METADATA);
        if (own == null) {
            throw new IllegalStateException(METADATA + " is missing from the class path");
        }
        try (InputStream in = own.openStream();
                JsonParser parser = new JsonFactory().createParser(ObjectReadContext.empty(), in)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean properties = parser.currentName().equals("properties");
                if (parser.nextToken() == JsonToken.START_ARRAY && properties) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> fields = new HashMap<>();
                        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                            String field = parser.currentName();
                            JsonToken value = parser.nextToken();
                            if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                                fields.put(field, parser.getString());
                            }
                            parser.skipChildren();
                        }
                        String name = fields.getOrDefault("name", "");
                        if (name.startsWith("auth0.") || name.startsWith("sync.")) {
                            options.add(new Option("--" + name, fields.get("defaultValue"),
                                    fields.getOrDefault("description", "")));
                        }
                    }
                }
                else {
                    parser.skipChildren();
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        options.sort(Comparator.comparing(Option::name));
        return new OptionCatalog(options);
    }

    /**
     * The first {@code --auth0.*} or {@code --sync.*} argument that names no option, with a suggestion.
     * Documented kebab-case and camelCase are accepted; anything else, such as {@code --sync.dryrun}, is
     * reported even where Spring's relaxed binding might guess it.
     */
    Optional<String> unknownOption(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--auth0.") && !arg.startsWith("--sync.")) {
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String canonical = canonical(name);
            boolean known = properties.stream().anyMatch(option -> canonical(option.name()).equals(canonical))
                    || FLAGS.stream().anyMatch(option -> canonical(option.name()).equals(canonical));
            if (!known) {
                return Optional.of("unknown option " + name + closest(canonical).map(s -> "; did you mean " + s + "?")
                        .orElse("") + " (see --help)");
            }
        }
        return Optional.empty();
    }

    /**
     * One warning per environment variable that looks like ours ({@code SYNC_*}, {@code AUTH0_*}) but sets no
     * option, with a suggestion. Spring's own rules decide what binds, so {@code SYNC_DRY_RUN} and
     * {@code SYNC_DRYRUN} both set {@code sync.dry-run}. Names only: a value may be a secret.
     */
    List<String> unknownEnvironmentVariables(Map<String, String> environment) {
        return environment.keySet().stream()
                .filter(name -> name.startsWith("SYNC_") || name.startsWith("AUTH0_"))
                .filter(name -> !setsAnOption(name))
                .sorted()
                .map(name -> "environment variable " + name + " sets no option"
                        + closestVariable(name).map(s -> "; did you mean " + s + "?").orElse("") + " (see --help)")
                .toList();
    }

    private boolean setsAnOption(String variable) {
        ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "")));
        return ownPropertyNames().anyMatch(name -> source.getConfigurationProperty(ConfigurationPropertyName.of(name)) != null);
    }

    /** {@code sync.dry-run} is {@code SYNC_DRY_RUN}: the spelling the README uses. */
    private Optional<String> closestVariable(String variable) {
        return ownPropertyNames().map(name -> name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))
                .min(Comparator.comparingInt(candidate -> distance(candidate, variable)))
                .filter(candidate -> distance(candidate, variable) <= 3);
    }

    /** The properties and the {@code sync.*} flags, without the leading dashes. */
    private Stream<String> ownPropertyNames() {
        return Stream.concat(properties.stream(), FLAGS.stream()).map(option -> option.name().substring(2))
                .filter(name -> name.startsWith("auth0.") || name.startsWith("sync."));
    }

    String help(String version) {
        StringBuilder out = new StringBuilder();
        out.append("org-member-sync ").append(version)
                .append(": adds users to Auth0 Organizations from a CSV and reports what is now true.\n\n")
                .append("Usage: java -jar org-member-sync.jar --sync.input=members.csv [--name=value ...]\n")
                .append("       java -jar org-member-sync.jar --sandbox\n\n")
                .append("Options (each also an environment variable: auth0.client-id = AUTH0_CLIENT_ID):\n");
        properties.forEach(option -> out.append(option.line()));
        out.append("\nFlags:\n");
        FLAGS.forEach(option -> out.append(option.line()));
        out.append("\nThe job database is spring.datasource.url (default jdbc:h2:file:./.org-member-sync/db).\n")
                .append("Exit codes: 0 every row added or already there; 1 could not finish (rerun to resume);\n")
                .append("2 finished, some rows rejected (see the report); 3 already running elsewhere.\n");
        return out.toString();
    }

    private Optional<String> closest(String canonical) {
        return properties.stream().map(Option::name)
                .min(Comparator.comparingInt(name -> distance(canonical(name), canonical)))
                .filter(name -> distance(canonical(name), canonical) <= 3);
    }

    /** camelCase and snake_case to kebab-case. */
    private static String canonical(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance: enough to suggest {@code --sync.dry-run} for {@code --sync.dryrn}. */
    private static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }

    /** {@code {@code x}} becomes {@code x}, braces inside it included. */
    static String withoutJavadocTags(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int tag = text.indexOf("{@code ", i);
            if (tag < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, tag);
            int depth = 1;
            int j = tag + "{@code ".length();
            int start = j;
            while (j < text.length() && depth > 0) {
                char c = text.charAt(j);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                j++;
            }
            out.append(text, start, depth == 0 ? j - 1 : j);
            i = j;
        }
        return out.toString();
    }

    record Option(String name, String defaultValue, String description) {

        String line() {
            String text = withoutJavadocTags(description);
            String shown = defaultValue == null ? name : name + " (default " + defaultValue + ")";
            return String.format("  %-52s %s%n", shown, text);
        }
    }
}
