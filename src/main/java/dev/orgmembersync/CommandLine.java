package dev.orgmembersync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The few flags read before Spring starts. */
final class CommandLine {

    private CommandLine() {
    }

    static boolean has(String[] args, String flag) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals(flag) || arg.equals(flag + "=true"));
    }

    /**
     * {@code defaults} followed by {@code overrides}, leaving out each default whose property the overrides
     * set: Spring would join two values of one property with a comma.
     */
    static String[] merge(List<String> defaults, List<String> overrides) {
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

    static String value(String[] args, String property, String fallback) {
        String prefix = "--" + property + "=";
        return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).reduce((a, b) -> b)
                .map(arg -> arg.substring(prefix.length())).orElse(fallback);
    }
}
