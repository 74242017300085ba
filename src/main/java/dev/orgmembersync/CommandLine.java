package dev.orgmembersync;

import java.util.Arrays;

/** The few flags read before Spring starts. */
final class CommandLine {

    private CommandLine() {
    }

    static boolean has(String[] args, String flag) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals(flag) || arg.equals(flag + "=true"));
    }

    static String value(String[] args, String property, String fallback) {
        String prefix = "--" + property + "=";
        return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).reduce((a, b) -> b)
                .map(arg -> arg.substring(prefix.length())).orElse(fallback);
    }
}
