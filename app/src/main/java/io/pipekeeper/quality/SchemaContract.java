package io.pipekeeper.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a table's actual columns with its contract and sorts the differences: a removed column (or one
 * removed and one of the same type added: a likely rename) and a narrowed or changed type break consumers;
 * an added column or a widened type does not, but means the contract is out of date.
 */
public final class SchemaContract {
    private static final List<String> NUMERIC_WIDTH = List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "DECIMAL", "FLOAT", "DOUBLE");

    private SchemaContract() {
    }

    /** The differences, each a sentence; breaking ones first. */
    public record Diff(List<String> breaking, List<String> compatible) {
        public Diff {
            breaking = List.copyOf(breaking);
            compatible = List.copyOf(compatible);
        }

        public boolean isEmpty() {
            return breaking.isEmpty() && compatible.isEmpty();
        }
    }

    public static Diff compare(Map<String, String> declared, Map<String, String> actual) {
        List<String> breaking = new ArrayList<>();
        List<String> compatible = new ArrayList<>();
        Map<String, String> added = new LinkedHashMap<>();
        actual.forEach((name, type) -> {
            if (!declared.containsKey(name)) {
                added.put(name, type);
            }
        });
        declared.forEach((name, type) -> {
            String want = normalize(type);
            if (!actual.containsKey(name)) {
                String renamedTo = added.entrySet().stream().filter(e -> normalize(e.getValue()).equals(want))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                if (renamedTo != null) {
                    breaking.add("column " + name + " " + type + " is gone and " + renamedTo + " " + added.get(renamedTo)
                            + " appeared: likely renamed " + name + " → " + renamedTo);
                    added.remove(renamedTo);
                } else {
                    breaking.add("column " + name + " " + type + " is gone");
                }
                return;
            }
            String got = normalize(actual.get(name));
            if (got.equals(want)) {
                return;
            }
            int wantWidth = NUMERIC_WIDTH.indexOf(base(want));
            int gotWidth = NUMERIC_WIDTH.indexOf(base(got));
            if (wantWidth >= 0 && gotWidth > wantWidth) {
                compatible.add("column " + name + " widened from " + type + " to " + actual.get(name));
            } else {
                breaking.add("column " + name + " changed from " + type + " to " + actual.get(name)
                        + (wantWidth >= 0 && gotWidth >= 0 ? " (narrowed)" : ""));
            }
        });
        added.forEach((name, type) -> compatible.add("column " + name + " " + type + " was added"));
        return new Diff(breaking, compatible);
    }

    static String normalize(String type) {
        String upper = type.trim().toUpperCase().replace(" ", "");
        return switch (upper) {
            case "TEXT", "STRING" -> "VARCHAR";
            case "INT", "INT4" -> "INTEGER";
            case "INT8", "LONG" -> "BIGINT";
            case "REAL" -> "FLOAT";
            case "TIMESTAMP_US" -> "TIMESTAMP";
            default -> upper;
        };
    }

    private static String base(String type) {
        int paren = type.indexOf('(');
        return paren < 0 ? type : type.substring(0, paren);
    }
}
