package io.pipekeeper.sample;

import io.pipekeeper.config.Source;

/** How each fault changes one partition's SELECT, wrapped around it in DuckDB SQL. */
final class FaultSql {
    private FaultSql() {
    }

    static String apply(Fault fault, String select, Source source, long seed) {
        String column = fault.column().orElse(null);
        String pick = "hash(" + firstColumn(source) + ", " + seed + ", 99) % 100";
        return switch (fault.kind()) {
            case NULL_SPIKE -> "SELECT * REPLACE (CASE WHEN " + pick + " < 30 THEN NULL ELSE " + column + " END AS " + column
                    + ") FROM (" + select + ")";
            case BAD_FORMAT -> "SELECT * REPLACE (CASE WHEN " + pick + " < 20 THEN lower(" + column + "::VARCHAR) || '$' ELSE "
                    + column + " END AS " + column + ") FROM (" + select + ")";
            case NEGATIVE_VALUES -> "SELECT * REPLACE (CASE WHEN " + pick + " < 2 THEN -" + column + " ELSE " + column + " END AS "
                    + column + ") FROM (" + select + ")";
            case ORPHAN_KEYS -> "SELECT * REPLACE (CASE WHEN " + pick + " < 3 THEN 99999 ELSE " + column + " END AS " + column
                    + ") FROM (" + select + ")";
            case DUPLICATES -> "SELECT * FROM (" + select + ") UNION ALL SELECT * FROM (" + select + ") WHERE " + pick + " < 5";
            case SCHEMA_CHANGE -> {
                String renamed = column != null ? column : source.schema().containsKey("unit_price") ? "unit_price"
                        : lastColumn(source);
                String newName = renamed.equals("unit_price") ? "price" : renamed + "_v2";
                yield "SELECT * RENAME (" + renamed + " AS " + newName + ") FROM (" + select + ")";
            }
            case SCHEMA_ADD -> "SELECT *, CASE WHEN " + pick + " < 10 THEN 'PROMO' || " + pick + " END AS coupon_code FROM ("
                    + select + ")";
            default -> select;
        };
    }

    private static String firstColumn(Source source) {
        return source.schema().keySet().iterator().next();
    }

    private static String lastColumn(Source source) {
        String last = null;
        for (String name : source.schema().keySet()) {
            last = name;
        }
        return last;
    }
}
