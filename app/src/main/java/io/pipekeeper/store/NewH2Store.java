package io.pipekeeper.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A new H2 store is made whole under a name of its own and only then linked into place. H2 commits each DDL
 * statement by itself, so a process killed while the migrations ran (the first command a team ever runs, killed)
 * left a store with half a migration, which Flyway then refuses to open forever. Made aside, a killed attempt
 * leaves only its own file, which the next attempt removes. Two processes making the store at once each make one;
 * the first to link it wins, and the other's is deleted.
 */
final class NewH2Store {
    private static final String BUILDING = "-new-";

    private NewH2Store() {
    }

    /**
     * Makes the store at {@code base} (a path without .mv.db) when there is none, with {@code migrate} run on it, owned
     * by the location's user (H2 makes the first user to connect the database's owner; a store made by another
     * refuses it).
     */
    static void makeIfAbsent(Path base, StoreLocation location, Consumer<DataSource> migrate) {
        String url = location.url();
        Path data = Path.of(base + ".mv.db");
        if (Files.exists(data)) {
            return;
        }
        try {
            Files.createDirectories(base.getParent());
            removeAbandoned(base);
            Path building = base.resolveSibling(base.getFileName() + BUILDING + ProcessHandle.current().pid());
            JdbcDataSource source = new JdbcDataSource();
            // The store's own settings (its SQL mode and names), without the server that lets other processes in.
            String settings = url.indexOf(';') < 0 ? "" : url.substring(url.indexOf(';')).replace(";AUTO_SERVER=TRUE", "");
            source.setURL("jdbc:h2:file:" + building + settings);
            location.user().ifPresent(source::setUser);
            location.password().ifPresent(source::setPassword);
            migrate.accept(source);
            try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
            Path made = Path.of(building + ".mv.db");
            try {
                Files.createLink(data, made); // unlike a rename, fails when another process linked its store first
            } catch (FileAlreadyExistsException another) {
                // that one is the store; ours goes
            }
            Files.deleteIfExists(made);
            Files.deleteIfExists(Path.of(building + ".trace.db"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the store " + data + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the store " + data + ": " + e.getMessage(), e);
        }
    }

    /** Files of earlier attempts whose process is gone (killed while making the store). */
    private static void removeAbandoned(Path base) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(base.getParent(), base.getFileName() + BUILDING + "*")) {
            for (Path file : files) {
                String rest = file.getFileName().toString().substring(base.getFileName().toString().length() + BUILDING.length());
                String pid = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                boolean alive = pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
                        && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
