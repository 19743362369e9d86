package org.medtl.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments of the form {@code --name value}, {@code --name=value}, {@code --flag} and
 * positionals. Options may repeat ({@code --var a=1 --var b=2}). Unknown options are an error so that a
 * typo never silently falls back to a default.
 */
public final class Args {

    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();
    /** The last option when it came without a value. */
    private String lacksValue;

    private Args() {
    }

    /**
     * Parses arguments.
     *
     * @param argv  the arguments after the subcommand name
     * @param flags options that take no value
     */
    public static Args parse(String[] argv, Set<String> flags) {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String s = argv[i];
            if (s.startsWith("--") && s.length() > 2) {
                String name = s.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (flags.contains(name)) {
                    value = "true";
                } else {
                    if (i + 1 >= argv.length) {
                        // Said by allow(), which knows whether the command has this option at all.
                        a.lacksValue = name;
                        continue;
                    }
                    value = argv[++i];
                }
                a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                a.positionals.add(s);
            }
        }
        return a;
    }

    /** Fails on options outside {@code known}. */
    public Args allow(Set<String> known) {
        List<String> given = new ArrayList<>(options.keySet());
        if (lacksValue != null) {
            given.add(lacksValue);
        }
        for (String name : given) {
            if (!known.contains(name) && !name.equals("help")) {
                throw new UsageException("unknown option --" + name
                        + (known.isEmpty() ? "; this command takes no options" : " (known: --" + String.join(", --", known) + ")"));
            }
        }
        if (lacksValue != null) {
            throw new UsageException("option --" + lacksValue + " needs a value");
        }
        return this;
    }

    /** {@link #allow(Set)} for a command that takes options only: an argument without {@code --} is a mistake, not ignored. */
    public Args allowOptionsOnly(Set<String> known) {
        allow(known);
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument '" + positionals.get(0) + "': this command takes options only"
                    + (known.isEmpty() ? "" : " (--name value)"));
        }
        return this;
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public String get(String name, String fallback) {
        List<String> v = options.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    public String require(String name) {
        String v = get(name, null);
        if (v == null) {
            throw new UsageException("option --" + name + " is required");
        }
        return v;
    }

    public List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    public int getInt(String name, int fallback) {
        return parsed(name, fallback, Integer::parseInt, "a whole number");
    }

    public long getLong(String name, long fallback) {
        return parsed(name, fallback, Long::parseLong, "a whole number");
    }

    /** A comma-separated list of whole numbers, e.g. {@code --sizes 112,224}. */
    public List<Integer> getInts(String name, String fallback) {
        List<Integer> out = new ArrayList<>();
        for (String s : get(name, fallback).split(",")) {
            try {
                out.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " expects whole numbers separated by commas, got '" + s.trim() + "'");
            }
        }
        return out;
    }

    /** {@link #getInt(String, int)} that must be at least {@code min}. */
    public int getInt(String name, int fallback, int min) {
        int v = getInt(name, fallback);
        if (v < min) {
            throw new UsageException("option --" + name + " must be at least " + min + ", got " + v);
        }
        return v;
    }

    /** {@link #getInts(String, String)} each of which must be at least {@code min}. */
    public List<Integer> getInts(String name, String fallback, int min) {
        List<Integer> values = getInts(name, fallback);
        for (int v : values) {
            if (v < min) {
                throw new UsageException("option --" + name + " must list values of at least " + min + ", got " + v);
            }
        }
        return values;
    }

    public double getDouble(String name, double fallback) {
        return parsed(name, fallback, Double::parseDouble, "a number");
    }

    /** The option's value read by {@code parse}, {@code fallback} when absent; a value it cannot read is a usage error. */
    private <T> T parsed(String name, T fallback, java.util.function.Function<String, T> parse, String kind) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return parse.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " expects " + kind + ", got '" + v + "'");
        }
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(get(name, "false"));
    }

    public List<String> positionals() {
        return List.copyOf(positionals);
    }

    /** A mistake in the command line; reported with the command's usage and exit code 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
