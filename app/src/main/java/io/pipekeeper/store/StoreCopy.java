package io.pipekeeper.store;

import io.pipekeeper.PipekeeperException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Copies a whole store into another, empty one (H2 to PostgreSQL when a team outgrows one machine): every table
 * (runs, checks, incidents, the outbox, timers, tokens, the audit log), in one transaction on the target, so that a
 * copy cut short leaves the target empty; identities continue after the copied ids; verified by counting.
 * Both stores are brought to the same schema first (each by its own migrations); neither should be in use.
 */
public final class StoreCopy {
    /** Flyway's own history: each store has its own, written by its migrations. */
    private static final String HISTORY = "flyway_schema_history";
    private static final int BATCH = 1_000;

    private StoreCopy() {
    }

    /** Rows copied, by table, in the order they were copied. */
    public record Copied(Map<String, Long> rows) {
        public Copied {
            rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        }

        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Copies {@code source} into the store at {@code target}, which must hold no rows (it may be a new database, or a
     * store migrated but never used).
     *
     * @throws Refused when the target holds rows, naming the tables
     */
    public static Copied copy(Store source, StoreLocation target) {
        refuseRows(target);
        try (Store into = Store.open(target)) {
            return copy(source.dataSource(), into.dataSource(), into.location().isPostgres());
        }
    }

    /**
     * Before anything is made there: a database with more rows in a table than pipekeeper's migrations alone put there
     * (the signal cursors they start) is never touched.
     */
    private static void refuseRows(StoreLocation target) {
        if (StaleH2Lock.base(target.url()).map(base -> !java.nio.file.Files.exists(java.nio.file.Path.of(base + ".mv.db"))).orElse(false)) {
            return; // no H2 file yet: Store.open makes an empty one
        }
        try (Connection connection = plainDataSource(target).getConnection()) {
            List<String> tables = tables(connection);
            if (tables.isEmpty()) {
                return;
            }
            Map<String, Long> seeded = migrationRows();
            Map<String, Long> filled = new TreeMap<>();
            for (String table : tables) {
                long rows = count(connection, table);
                if (rows > seeded.getOrDefault(table, 0L) && !table.equals(HISTORY)) {
                    filled.put(table, rows);
                }
            }
            if (!filled.isEmpty()) {
                StringBuilder list = new StringBuilder();
                filled.forEach((table, rows) -> list.append(list.isEmpty() ? "" : ", ").append(table).append(' ').append(rows));
                throw new Refused("the target " + target + " already holds rows (" + list + "); a copy fills an empty database only:"
                        + " make a new one (createdb) and copy into it");
            }
        } catch (SQLException e) {
            throw new PipekeeperException("cannot read the target " + target + ": " + e.getMessage(), e);
        }
    }

    /** The rows a new store holds, by table: what the migrations alone write (made in memory, the same SQL as every store's). */
    private static Map<String, Long> migrationRows() throws SQLException {
        StoreLocation memory = new StoreLocation("jdbc:h2:mem:pipekeeper-copy-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", java.util.Optional.empty(), java.util.Optional.empty());
        Map<String, Long> rows = new TreeMap<>();
        try (Store fresh = Store.open(memory); Connection connection = fresh.dataSource().getConnection()) {
            for (String table : tables(connection)) {
                rows.put(table, count(connection, table));
            }
        }
        return rows;
    }

    private static DataSource plainDataSource(StoreLocation location) {
        if (location.isPostgres()) {
            org.postgresql.ds.PGSimpleDataSource source = new org.postgresql.ds.PGSimpleDataSource();
            source.setURL(location.url());
            location.user().ifPresent(source::setUser);
            location.password().ifPresent(source::setPassword);
            return source;
        }
        org.h2.jdbcx.JdbcDataSource source = new org.h2.jdbcx.JdbcDataSource();
        source.setURL(location.url());
        location.user().ifPresent(source::setUser);
        location.password().ifPresent(source::setPassword);
        return source;
    }

    private static Copied copy(DataSource from, DataSource to, boolean toPostgres) {
        try (Connection source = from.getConnection(); Connection target = to.getConnection()) {
            source.setReadOnly(true);
            source.setAutoCommit(false);
            source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            target.setAutoCommit(false);
            Map<String, Long> copied = new LinkedHashMap<>();
            try {
                List<String> order = inDependencyOrder(source);
                // What the target's migrations wrote (its signal cursors) gives way to the source's rows.
                List<String> childrenFirst = new ArrayList<>(order);
                Collections.reverse(childrenFirst);
                for (String table : childrenFirst) {
                    try (Statement clear = target.createStatement()) {
                        clear.execute("DELETE FROM " + table);
                    }
                }
                for (String table : order) {
                    copied.put(table, copyTable(source, target, table));
                }
                continueIdentities(target, toPostgres);
                for (Map.Entry<String, Long> table : copied.entrySet()) {
                    long there = count(target, table.getKey());
                    if (there != table.getValue()) {
                        throw new PipekeeperException("the copy of " + table.getKey() + " holds " + there + " rows, the source "
                                + table.getValue() + "; nothing was copied");
                    }
                }
                target.commit();
            } catch (SQLException | RuntimeException e) {
                target.rollback();
                throw e;
            } finally {
                source.rollback();
            }
            return new Copied(copied);
        } catch (SQLException e) {
            throw new PipekeeperException("the copy failed, and nothing was copied: " + e.getMessage(), e);
        }
    }

    private static long copyTable(Connection source, Connection target, String table) throws SQLException {
        long rows = 0;
        try (Statement read = source.createStatement()) {
            read.setFetchSize(BATCH);
            try (ResultSet row = read.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = row.getMetaData();
                int columns = meta.getColumnCount();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    names.add('"' + meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT) + '"');
                }
                String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", Collections.nCopies(columns, "?")) + ")";
                try (PreparedStatement write = target.prepareStatement(insert)) {
                    while (row.next()) {
                        for (int i = 1; i <= columns; i++) {
                            write.setObject(i, portable(row.getObject(i)));
                        }
                        write.addBatch();
                        if (++rows % BATCH == 0) {
                            write.executeBatch();
                        }
                    }
                    write.executeBatch();
                }
            }
        }
        return rows;
    }

    /** Large objects as plain values, which every driver takes. */
    private static Object portable(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        return value;
    }

    /** Identity columns go on after the highest id copied, so that the next row made there does not collide. */
    private static void continueIdentities(Connection target, boolean postgres) throws SQLException {
        List<String[]> identities = new ArrayList<>();
        try (Statement statement = target.createStatement();
             ResultSet row = statement.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                     + " WHERE table_schema = current_schema() AND is_identity = 'YES'")) {
            while (row.next()) {
                identities.add(new String[] {row.getString(1).toLowerCase(java.util.Locale.ROOT), row.getString(2).toLowerCase(java.util.Locale.ROOT)});
            }
        }
        for (String[] identity : identities) {
            long next;
            try (Statement statement = target.createStatement();
                 ResultSet row = statement.executeQuery("SELECT COALESCE(max(" + identity[1] + "), 0) + 1 FROM " + identity[0])) {
                row.next();
                next = row.getLong(1);
            }
            try (Statement statement = target.createStatement()) {
                statement.execute(postgres
                        ? "SELECT setval(pg_get_serial_sequence('" + identity[0] + "', '" + identity[1] + "'), " + next + ", false)"
                        : "ALTER TABLE " + identity[0] + " ALTER COLUMN " + identity[1] + " RESTART WITH " + next);
            }
        }
    }

    /** The store's tables, each after those its foreign keys point to. */
    private static List<String> inDependencyOrder(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>(tables(connection));
        tables.remove(HISTORY);
        DatabaseMetaData meta = connection.getMetaData();
        Map<String, Set<String>> needs = new LinkedHashMap<>();
        for (String table : tables) {
            Set<String> parents = new LinkedHashSet<>();
            try (ResultSet key = meta.getImportedKeys(null, connection.getSchema(), table)) {
                while (key.next()) {
                    String parent = key.getString("PKTABLE_NAME").toLowerCase(java.util.Locale.ROOT);
                    if (!parent.equals(table)) {
                        parents.add(parent);
                    }
                }
            }
            needs.put(table, parents);
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < tables.size()) {
            boolean progressed = false;
            for (String table : tables) {
                if (!ordered.contains(table) && ordered.containsAll(needs.get(table))) {
                    ordered.add(table);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new PipekeeperException("the store's foreign keys form a cycle; cannot order the copy");
            }
        }
        return ordered;
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (row.next()) {
                tables.add(row.getString(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return tables;
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
