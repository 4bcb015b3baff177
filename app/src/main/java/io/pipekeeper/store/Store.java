package io.pipekeeper.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pipekeeper.PipekeeperException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The state store: a connection pool, the schema brought up to date by Flyway on open, and Jdbi for the
 * features' own small stores. Shared plumbing only; each feature keeps its SQL in its own package.
 */
public final class Store implements AutoCloseable {
    static final String MIGRATIONS = "classpath:io/pipekeeper/store/migration";
    /** The newest migration's version: a store already there opens without Flyway (its class path scan and checks cost a second). */
    static final String LATEST_MIGRATION = "30";

    private final StoreLocation location;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private GroupCommit groupCommit; // started by the first write(), so that a command that never uses it has no thread

    private Store(StoreLocation location, HikariDataSource dataSource) {
        this.location = location;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        if (location.isPostgres()) {
            Bell.notifyThrough(jdbi);
        }
    }

    /** Opens the store and applies any migration it lacks. */
    public static Store open(StoreLocation location) {
        HikariConfig config = new HikariConfig();
        // The database's own DataSource, not a JDBC URL: a URL makes DriverManager load every driver on the class
        // path first (DuckDB's among them), a cost every command would pay at start-up.
        config.setDataSourceClassName(location.isPostgres() ? "org.postgresql.ds.PGSimpleDataSource" : "org.h2.jdbcx.JdbcDataSource");
        config.addDataSourceProperty("url", location.url());
        location.user().ifPresent(config::setUsername);
        location.password().ifPresent(config::setPassword);
        // On PostgreSQL one connection is held by the process's bell listener (Bell.acrossProcesses).
        config.setMaximumPoolSize(location.isPostgres() ? 5 : 4);
        // One connection stays: the check that the store opens (initializationFailTimeout) keeps the one it made. With
        // none, H2 closed the database when that check let its connection go and opened it again for the first query.
        config.setMinimumIdle(1);
        config.setPoolName("pipekeeper-store");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1);
        try {
            StaleH2Lock.base(location.url()).ifPresent(base -> NewH2Store.makeIfAbsent(base, location, source -> flyway(source).migrate()));
        } catch (RuntimeException e) {
            throw new PipekeeperException("cannot make the store at " + location + ": " + rootMessage(e), e);
        }
        HikariDataSource dataSource = null;
        StaleH2Lock.clearAndOpen(location.url());
        try {
            dataSource = new HikariDataSource(config);
            if (!upToDate(dataSource)) {
                flyway(dataSource).migrate();
            }
            return new Store(location, dataSource);
        } catch (RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            StaleH2Lock.closed(location.url());
            throw new PipekeeperException("cannot open the store at " + location + ": " + rootMessage(e)
                    + (location.isPostgres() ? "; check that PostgreSQL is running and that "
                    + StoreLocation.USER_VARIABLE + " and " + StoreLocation.PASSWORD_VARIABLE + " are set" : ""), e);
        }
    }

    /** Whether the store answers and its schema is this version's (for {@code /ready}): one query. */
    public boolean schemaCurrent() {
        return upToDate(dataSource);
    }

    /** Whether the newest migration Flyway recorded is {@link #LATEST_MIGRATION} and it succeeded: one query. */
    static boolean upToDate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT version, success FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1");
             var row = statement.executeQuery()) {
            return row.next() && row.getBoolean("success") && LATEST_MIGRATION.equals(row.getString("version"));
        } catch (SQLException noHistoryYet) {
            return false; // a new store: Flyway makes the history table and applies everything
        }
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .load();
    }

    /** The schema's state: which migrations are applied, and the database behind it. */
    public record Status(String url, String database, String schemaVersion, List<String> applied) {
        public Status {
            applied = List.copyOf(applied);
        }
    }

    public Status status() {
        String database;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            database = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new PipekeeperException("cannot read the store at " + location + ": " + e.getMessage(), e);
        }
        MigrationInfoService info = flyway(dataSource).info();
        MigrationInfo current = info.current();
        List<String> applied = Arrays.stream(info.applied())
                .map(m -> m.getVersion() + " " + m.getDescription())
                .toList();
        return new Status(location.maskedUrl(), database, current == null ? "none" : current.getVersion().toString(), applied);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs {@code writes} in a transaction shared with other threads' small writes and returns once it has
     * committed (see {@link GroupCommit}): for requests that must answer only when their row is durable, many at once.
     */
    public void write(HandleConsumer<? extends Exception> writes) {
        GroupCommit group;
        synchronized (this) {
            if (closed.get()) {
                throw new IllegalStateException("the store at " + location + " is closed");
            }
            if (groupCommit == null) {
                groupCommit = new GroupCommit(jdbi);
            }
            group = groupCommit;
        }
        group.write(writes);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public StoreLocation location() {
        return location;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (this) {
                if (groupCommit != null) {
                    groupCommit.close();
                }
            }
            dataSource.close();
            StaleH2Lock.closed(location.url());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
