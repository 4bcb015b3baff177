package io.pipekeeper.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's shapes, its determinism, and each fault it can write, checked in the files themselves. */
class SampleDataTest {
    private static final LocalDate FIRST = LocalDate.of(2026, 11, 2);
    private static final LocalDate LAST = LocalDate.of(2026, 11, 8);

    @TempDir
    static Path dir;
    private static Catalog catalog;
    private static Path raw;

    @BeforeAll
    static void generateAWeekWithEveryFault() {
        catalog = new ConfigLoader().load(SeedText.writeTo(dir), "pipekeeper.yaml");
        raw = catalog.storage().raw();
        List<Fault> faults = List.of(Fault.parse("null_spike:orders.user_id@2026-11-03"), Fault.parse("bad_format:orders.currency@2026-11-03"),
                Fault.parse("duplicates:orders@2026-11-04"), Fault.parse("negative_values:orders.quantity@2026-11-04"),
                Fault.parse("orphan_keys:orders.product_id@2026-11-05"), Fault.parse("schema_change:orders@2026-11-06"),
                Fault.parse("schema_add:orders@2026-11-07"), Fault.parse("volume_spike:events@2026-11-05"),
                Fault.parse("volume_drop:orders@2026-11-08"), Fault.parse("missing_partition:users@2026-11-08"),
                Fault.parse("corrupt_file:events@2026-11-08"), Fault.parse("late_partition:orders@2026-11-02"));
        new SampleData(catalog).generate(new SampleData.Options(FIRST, LAST, 0.01, 5, faults), day -> { });
    }

    private static double value(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getDouble(1);
        }
    }

    private static String orders(String date) {
        return "read_parquet('" + raw.resolve("orders/date=" + date + "/part-0.parquet") + "')";
    }

    @Test
    void a_clean_day_has_the_seeds_shapes() throws Exception {
        assertThat(value("SELECT count(*) FROM " + orders("2026-11-02"))).as("weekday orders at scale 0.01").isBetween(9_000.0, 11_000.0);
        assertThat(value("SELECT count(*) FROM read_parquet('" + raw.resolve("events/date=2026-11-02/part-0.parquet") + "')"))
                .isBetween(18_000.0, 22_000.0);
        assertThat(value("SELECT count(*) FROM read_parquet('" + raw.resolve("users/date=2026-11-01/part-0.parquet") + "')"))
                .as("the base of users").isEqualTo(10_000.0);
        assertThat(value("SELECT count(*) - count(DISTINCT order_id) FROM " + orders("2026-11-02"))).isZero();
        assertThat(value("SELECT count(DISTINCT product_id) FROM " + orders("2026-11-02"))).isEqualTo(300.0);
        assertThat(value("SELECT avg(c) FROM (SELECT count(*) AS c FROM read_parquet('"
                + raw.resolve("events/date=2026-11-02/part-0.parquet") + "') GROUP BY session_id)")).as("events a session").isBetween(4.9, 5.1);
        assertThat(value("SELECT count(*) FROM " + orders("2026-11-08"))).as("a Sunday is quieter, and this one is 10 %")
                .isLessThan(value("SELECT count(*) FROM " + orders("2026-11-02")) * 0.1);
        assertThat(value("SELECT count(*) FROM read_parquet('" + raw.resolve("product_costs/part-0.parquet") + "')")).isEqualTo(360.0);
    }

    @Test
    void the_same_seed_writes_the_same_data() throws Exception {
        Path other = Files.createTempDirectory(dir, "again-");
        Catalog again = new ConfigLoader().load(SeedText.writeTo(other), "pipekeeper.yaml");
        new SampleData(again).generate(new SampleData.Options(FIRST, FIRST, 0.01, 5, List.of()), day -> { });
        String sum = "SELECT sum(hash(order_id, user_id, ordered_at, product_id, quantity, unit_price, currency)) FROM ";
        assertThat(value(sum + "read_parquet('" + again.storage().raw().resolve("orders/date=2026-11-02/part-0.parquet") + "')"))
                .isEqualTo(value(sum + orders("2026-11-02")));
    }

    @Test
    void a_partition_made_before_its_arrival_hour_landed_when_it_was_written_not_in_the_future() throws Exception {
        Path other = Files.createTempDirectory(dir, "today-");
        Catalog today = new ConfigLoader().load(SeedText.writeTo(other), "pipekeeper.yaml");
        LocalDate date = LocalDate.now(today.team().timezone());
        java.time.Instant before = java.time.Instant.now();
        new SampleData(today).generate(new SampleData.Options(date, date, 0.001, 5, List.of()), day -> { });
        java.time.Instant after = java.time.Instant.now();
        // Its simulated arrival, 03:00 tomorrow in the team's zone, is still to come: a file cannot land after it was written.
        java.time.Instant landed = Files.getLastModifiedTime(today.storage().raw().resolve("orders/date=" + date + "/part-0.parquet")).toInstant();
        assertThat(landed).isBetween(before, after);
    }

    @Test
    void every_fault_is_in_the_files() throws Exception {
        assertThat(value("SELECT avg(CASE WHEN user_id IS NULL THEN 1 ELSE 0 END) FROM " + orders("2026-11-03"))).isBetween(0.25, 0.35);
        assertThat(value("SELECT count(*) FROM " + orders("2026-11-03") + " WHERE currency LIKE '%$'")).isPositive();
        assertThat(value("SELECT count(*) - count(DISTINCT order_id) FROM " + orders("2026-11-04"))).isPositive();
        assertThat(value("SELECT count(*) FROM " + orders("2026-11-04") + " WHERE quantity < 0")).isPositive();
        assertThat(value("SELECT count(*) FROM " + orders("2026-11-05") + " WHERE product_id > 300")).isPositive();
        assertThat(value("SELECT count(*) FROM (DESCRIBE SELECT * FROM " + orders("2026-11-06") + ") WHERE column_name = 'price'"))
                .isEqualTo(1.0);
        assertThat(value("SELECT count(*) FROM (DESCRIBE SELECT * FROM " + orders("2026-11-07") + ") WHERE column_name = 'coupon_code'"))
                .isEqualTo(1.0);
        double spike = value("SELECT count(*) FROM read_parquet('" + raw.resolve("events/date=2026-11-05/part-0.parquet") + "')");
        double usual = value("SELECT count(*) FROM read_parquet('" + raw.resolve("events/date=2026-11-04/part-0.parquet") + "')");
        assertThat(spike / usual).isBetween(4.5, 5.5);
        assertThat(raw.resolve("users/date=2026-11-08")).doesNotExist();
        assertThatThrownBy(() -> value("SELECT count(*) FROM read_parquet('" + raw.resolve("events/date=2026-11-08/part-0.parquet") + "')"))
                .hasMessageContaining("No magic bytes found");
        LocalDateTime modified = LocalDateTime.ofInstant(Files.getLastModifiedTime(raw.resolve("orders/date=2026-11-02/part-0.parquet"))
                .toInstant(), ZoneId.of("America/New_York"));
        assertThat(modified).as("written after arrives_by (04:00 the next morning)").isEqualTo(LocalDateTime.of(2026, 11, 3, 7, 0));
    }

    @Test
    void a_fault_is_written_kind_target_and_date_and_a_wrong_one_says_what_exists() {
        Fault fault = Fault.parse("null_spike:orders.user_id@2026-11-07");
        assertThat(fault.kind()).isEqualTo(Fault.Kind.NULL_SPIKE);
        assertThat(fault.column()).contains("user_id");
        assertThat(Fault.parse("missing_partition@2026-11-07").source()).isEqualTo("orders");
        assertThatThrownBy(() -> Fault.parse("null_spik@2026-11-07")).hasMessageStartingWith("'null_spik' is not a fault; the faults are"
                + " missing_partition, corrupt_file, null_spike");
        assertThatThrownBy(() -> Fault.parse("null_spike")).hasMessageContaining("has no date");
    }
}
