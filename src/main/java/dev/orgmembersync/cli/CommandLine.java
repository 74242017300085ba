package dev.orgmembersync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** The few flags read before Spring starts. */
public final class CommandLine {

    private CommandLine() {
    }

    public static boolean has(String[] args, String flag) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals(flag) || arg.equals(flag + "=true"));
    }

    /** The value of {@code --name=value} (the last one, as Spring takes it), if given. */
    public static Optional<String> value(String[] args, String name) {
        String prefix = name + "=";
        return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).map(arg -> arg.substring(prefix.length()))
                .reduce((first, last) -> last);
    }

    /**
     * {@code defaults} followed by {@code overrides}, leaving out each default whose property the overrides
     * set: Spring would join two values of one property with a comma.
     */
    public static String[] merge(List<String> defaults, List<String> overrides) {
        List<String> merged = new ArrayList<>();
        for (String option : defaults) {
            String key = key(option);
            if (overrides.stream().noneMatch(override -> key(override).equals(key))) {
                merged.add(option);
            }
        }
        merged.addAll(overrides);
        return merged.toArray(String[]::new);
    }

    private static String key(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option : option.substring(0, equals);
    }

    /** {@code --quiet}: our loggers at WARN, no progress lines. */
    public static String[] expandQuiet(String[] args) {
        if (!has(args, "--quiet")) {
            return args;
        }
        List<String> rest = new ArrayList<>(Arrays.stream(args).filter(arg -> !arg.startsWith("--quiet")).toList());
        return merge(List.of("--logging.level.dev.orgmembersync=WARN", "--sync.progress.enabled=false"), rest);
    }

    /** The version, from application.properties (filtered by the build). */
    public static String version() {
        try (InputStream in = CommandLine.class.getResourceAsStream("/application.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("org-member-sync.version", "unknown");
        }
        catch (IOException | NullPointerException ex) {
            return "unknown";
        }
    }
}
