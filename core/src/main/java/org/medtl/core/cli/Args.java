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
                throw new UsageException("unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
            }
        }
        if (lacksValue != null) {
            throw new UsageException("option --" + lacksValue + " needs a value");
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
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " expects a whole number, got '" + v + "'");
        }
    }

    public double getDouble(String name, double fallback) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " expects a number, got '" + v + "'");
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
