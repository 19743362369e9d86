package org.medtl.core.study;

import java.util.List;

/**
 * A workflow variable as KNIME 5.5 saves it in {@code workflow.knime} ({@code workflow_variables/Var_n}:
 * {@code name}, {@code class}, and a {@code value} entry typed by the class), and the rules by which KNIME
 * writes a variable's value into a node setting it controls ({@code VariableType#overwrite} in KNIME): a
 * variable may only control settings whose type it converts to, otherwise KNIME refuses to configure the node.
 *
 * @param name  the variable's name
 * @param type  its type ({@code class} in workflow.knime)
 * @param value its value as text in Java's notation ({@code 3}, {@code 0.5}, {@code true})
 */
public record FlowVariable(String name, Type type, String value) {

    /** The variable types a workflow variable can have, with the entry type KNIME saves their value as. */
    public enum Type {
        STRING("xstring"), INTEGER("xint"), LONG("xlong"), DOUBLE("xdouble"), BOOLEAN("xboolean");

        private final String entryType;

        Type(String entryType) {
            this.entryType = entryType;
        }

        /** The XMLConfig entry type of the {@code value} entry ({@code xint} for INTEGER, ...). */
        public String entryType() {
            return entryType;
        }

        /** The type saved under {@code class}; null when KNIME has no such workflow-variable type. */
        public static Type of(String knimeClass) {
            for (Type t : values()) {
                if (t.name().equals(knimeClass)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** A variable whose value is checked against its type; the message names the variable. */
    public FlowVariable {
        if (value == null) {
            throw new IllegalArgumentException("workflow variable '" + name + "' has no value");
        }
        try {
            switch (type) {
                case INTEGER -> Integer.parseInt(value.trim());
                case LONG -> Long.parseLong(value.trim());
                case DOUBLE -> Double.parseDouble(value.trim());
                case BOOLEAN -> {
                    if (toBoolean(value) == null) {
                        throw new IllegalArgumentException("workflow variable '" + name + "' is of type BOOLEAN but its value '" + value
                                + "' is neither true nor false.");
                    }
                }
                case STRING -> {
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("workflow variable '" + name + "' is of type " + type + " but its value '" + value + "' is not "
                    + (type == Type.DOUBLE ? "a number" : "a whole number in range") + ".");
        }
        value = type == Type.STRING ? value : value.trim();
    }

    /** The same variable with another value (e.g. from {@code --var}), checked against the variable's type. */
    public FlowVariable withValue(String newValue) {
        return new FlowVariable(name, type, newValue);
    }

    /**
     * The value this variable gives a setting of the given XMLConfig entry type, as KNIME converts it:
     * String into string, boolean ({@code true}/{@code false}, any case) and char settings; Integer into every
     * number, char and string setting; Long into long, floating-point and string settings; Double into
     * floating-point and string settings; Boolean into boolean and string settings.
     *
     * @return String, Integer, Long, Double or Boolean for {@link org.medtl.core.config.MapConfig}
     * @throws IllegalArgumentException naming setting and variable when KNIME would refuse the conversion
     */
    Object valueFor(String settingKey, String entryType) {
        switch (type) {
            case STRING -> {
                switch (entryType) {
                    case "xstring", "xtransientstring" -> {
                        return value;
                    }
                    case "xboolean" -> {
                        Boolean b = toBoolean(value);
                        if (b == null) {
                            throw refused(settingKey, entryType, "'" + value + "' is neither true nor false");
                        }
                        return b;
                    }
                    case "xchar" -> {
                        return singleChar(settingKey, entryType);
                    }
                    default -> {
                    }
                }
            }
            case INTEGER -> {
                int i = Integer.parseInt(value);
                switch (entryType) {
                    case "xint" -> {
                        return i;
                    }
                    case "xshort", "xbyte" -> {
                        int max = entryType.equals("xbyte") ? Byte.MAX_VALUE : Short.MAX_VALUE;
                        if (i < -max - 1 || i > max) {
                            throw refused(settingKey, entryType, "the value " + i + " is out of range");
                        }
                        return i;
                    }
                    case "xlong" -> {
                        return (long) i;
                    }
                    case "xdouble", "xfloat" -> {
                        return (double) i;
                    }
                    case "xchar" -> {
                        return singleChar(settingKey, entryType);
                    }
                    case "xstring", "xtransientstring" -> {
                        return Integer.toString(i);
                    }
                    default -> {
                    }
                }
            }
            case LONG -> {
                long l = Long.parseLong(value);
                switch (entryType) {
                    case "xlong" -> {
                        return l;
                    }
                    case "xdouble", "xfloat" -> {
                        return (double) l;
                    }
                    case "xstring", "xtransientstring" -> {
                        return Long.toString(l);
                    }
                    default -> {
                    }
                }
            }
            case DOUBLE -> {
                double d = Double.parseDouble(value);
                switch (entryType) {
                    case "xdouble", "xfloat" -> {
                        return d;
                    }
                    case "xstring", "xtransientstring" -> {
                        return Double.toString(d);
                    }
                    default -> {
                    }
                }
            }
            case BOOLEAN -> {
                boolean b = toBoolean(value);
                switch (entryType) {
                    case "xboolean" -> {
                        return b;
                    }
                    case "xstring", "xtransientstring" -> {
                        return Boolean.toString(b);
                    }
                    default -> {
                    }
                }
            }
        }
        throw refused(settingKey, entryType, "KNIME converts a " + type + " variable only into "
                + switch (type) {
                    case STRING -> "string, boolean and character settings";
                    case INTEGER -> "number, character and string settings";
                    case LONG -> "long, floating-point and string settings";
                    case DOUBLE -> "floating-point and string settings";
                    case BOOLEAN -> "boolean and string settings";
                });
    }

    /**
     * The value this variable gives a String-array setting: KNIME writes any variable of a scalar type into
     * an array setting as an array of one element (it does not split the text).
     */
    List<String> listValueFor(String settingKey) {
        return List.of(String.valueOf(valueFor(settingKey, "xstring")));
    }

    private IllegalArgumentException refused(String settingKey, String entryType, String why) {
        return new IllegalArgumentException("setting '" + settingKey + "' (" + entryType + ") cannot take workflow variable '" + name + "' of type "
                + type + " (value '" + value + "'): " + why + ". Declare the variable with a matching type (e.g. -workflow.variable="
                + name + "," + value + "," + suggestedType(entryType) + " in KNIME's batch executor) or bind it to another setting.");
    }

    private static String suggestedType(String entryType) {
        return switch (entryType) {
            case "xint", "xshort", "xbyte" -> "int";
            case "xlong" -> "long";
            case "xdouble", "xfloat" -> "double";
            case "xboolean" -> "boolean";
            default -> "String";
        };
    }

    /** KNIME's reading of text as a boolean: {@code true} or {@code false} in any case, nothing else. */
    private static Boolean toBoolean(String text) {
        String lower = text.trim().toLowerCase(java.util.Locale.ROOT);
        return lower.equals("true") || lower.equals("false") ? Boolean.valueOf(lower) : null;
    }

    private String singleChar(String settingKey, String entryType) {
        if (value.length() != 1) {
            throw refused(settingKey, entryType, "'" + value + "' is not a single character");
        }
        return value;
    }
}
