package io.pipekeeper.spark;

import java.util.Locale;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Column types between the two engines' names. Contracts are written in DuckDB's names (VARCHAR, TIMESTAMP…),
 * and a Spark table describes itself in them, so that one contract holds on both engines.
 */
final class SparkTypes {
    private SparkTypes() {
    }

    /** A Spark type in DuckDB's name: string → VARCHAR, timestamp_ntz → TIMESTAMP, decimal(12,2) → DECIMAL(12,2). */
    static String duckDbName(DataType type) {
        if (type instanceof StringType) {
            return "VARCHAR";
        } else if (type instanceof LongType) {
            return "BIGINT";
        } else if (type instanceof IntegerType) {
            return "INTEGER";
        } else if (type instanceof ShortType) {
            return "SMALLINT";
        } else if (type instanceof ByteType) {
            return "TINYINT";
        } else if (type instanceof DoubleType) {
            return "DOUBLE";
        } else if (type instanceof FloatType) {
            return "FLOAT";
        } else if (type instanceof DecimalType decimal) {
            return "DECIMAL(" + decimal.precision() + "," + decimal.scale() + ")";
        } else if (type instanceof DateType) {
            return "DATE";
        } else if (type instanceof TimestampNTZType) {
            return "TIMESTAMP";
        } else if (type instanceof TimestampType) {
            return "TIMESTAMP WITH TIME ZONE";
        } else if (type instanceof BooleanType) {
            return "BOOLEAN";
        } else if (type instanceof BinaryType) {
            return "BLOB";
        }
        return type.sql();
    }

    /** A contract's type (DuckDB's name) as Spark DDL, for reading CSV with the contract's types. */
    static String sparkName(String duckDbType) {
        String type = duckDbType.trim().toUpperCase(Locale.ROOT);
        return switch (type) {
            case "VARCHAR", "TEXT", "STRING" -> "STRING";
            case "TIMESTAMP" -> "TIMESTAMP_NTZ";
            case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP";
            case "HUGEINT" -> "DECIMAL(38,0)";
            case "BLOB" -> "BINARY";
            default -> type;
        };
    }
}
