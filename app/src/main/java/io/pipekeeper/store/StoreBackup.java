package io.pipekeeper.store;

import io.pipekeeper.PipekeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Backups of an H2 store: H2's own SQL script of the whole database, gzipped, taken while pipekeeper runs (one
 * consistent read); restored into a store that does not exist yet, made aside and linked into place whole. A
 * PostgreSQL store is backed up with PostgreSQL's tools (docs/operations.md).
 */
public final class StoreBackup {
    private StoreBackup() {
    }

    /** Writes the store to {@code file} (gzipped SQL), whole or not at all: a backup cut short leaves the old file. */
    public static void backup(Store store, Path file) {
        refusePostgres(store.location(), "pg_dump --format=custom --file=FILE DATABASE");
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement script = connection.prepareStatement("SCRIPT TO ? COMPRESSION GZIP")) {
            Files.deleteIfExists(partial);
            script.setString(1, partial.toAbsolutePath().toString());
            script.execute();
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (SQLException | IOException e) {
            throw new PipekeeperException("cannot write the backup " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the store at {@code location} from a backup. The store must not exist: a restore never overwrites one.
     *
     * @throws PipekeeperException when the store exists, the file is missing, or is not a backup
     */
    public static void restore(StoreLocation location, Path file) {
        refusePostgres(location, "pg_restore --dbname=DATABASE FILE");
        Path base = StaleH2Lock.base(location.url()).orElseThrow(() -> new Refused(
                "the store " + location + " is not an H2 file; restore works on an H2 file store"));
        Path data = Path.of(base + ".mv.db");
        if (!Files.isReadable(file)) {
            throw new Refused("cannot read the backup " + file + ": " + (Files.exists(file) ? "permission denied" : "no such file"));
        }
        if (Files.exists(data)) {
            throw new Refused("the store " + data + " already exists; a restore makes a new store only: stop pipekeeper,"
                    + " move " + data.getFileName() + " aside, and restore again");
        }
        try {
            NewH2Store.makeIfAbsent(base, location, source -> {
                try (Connection connection = source.getConnection(); PreparedStatement run = connection.prepareStatement("RUNSCRIPT FROM ? COMPRESSION GZIP")) {
                    run.setString(1, file.toAbsolutePath().toString());
                    run.execute();
                } catch (SQLException e) {
                    throw new PipekeeperException("the backup " + file + " cannot be restored (is it a pipekeeper backup?): "
                            + Optional.ofNullable(e.getMessage()).map(m -> m.lines().findFirst().orElse(m)).orElse(""), e);
                }
            });
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new PipekeeperException("cannot restore into " + data + ": " + e.getMessage(), e);
        }
    }

    private static void refusePostgres(StoreLocation location, String tool) {
        if (location.isPostgres()) {
            throw new Refused("the store is PostgreSQL: back it up and restore it with PostgreSQL's tools (" + tool
                    + "; docs/operations.md)");
        }
    }

}
