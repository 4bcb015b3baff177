package io.pipekeeper.store;

import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears the lock file an H2 owner leaves behind when it is killed, so that the next process opens the store at
 * once. H2 would find out by itself, but slowly: it retries the dead owner's server for about a second, then waits
 * two seconds more to see whether the owner's watchdog rewrites the lock file (three of the nine seconds a
 * scheduler took to start after a kill -9).
 *
 * <p>The proof that the owner is gone is the data file's operating-system lock: H2 holds it on {@code .mv.db} for as
 * long as it has the database open, and the kernel drops it when the process dies. A lock file that names a server
 * (written only once its owner has the data file open) while nobody holds the data file is stale.
 */
final class StaleH2Lock {
    private static final Logger LOG = LoggerFactory.getLogger(StaleH2Lock.class);
    private static final String FILE_URL = "jdbc:h2:file:";

    /**
     * Databases this process has open. Their lock is never probed from here: closing a second channel on a file
     * drops every lock this process holds on it (POSIX), H2's included.
     */
    private static final java.util.Map<Path, Integer> OPEN_HERE = new java.util.HashMap<>();

    private StaleH2Lock() {
    }

    /**
     * Removes the store's H2 lock file if its owner is dead, and counts the store as open in this process until
     * {@link #closed}; says whether it removed the file. Anything uncertain leaves the file to H2.
     */
    static synchronized boolean clearAndOpen(String url) {
        Optional<Path> base = base(url);
        if (base.isEmpty()) {
            return false;
        }
        boolean openHere = OPEN_HERE.merge(base.get(), 1, Integer::sum) > 1;
        return !openHere && clear(base.get());
    }

    static synchronized void closed(String url) {
        base(url).ifPresent(base -> OPEN_HERE.computeIfPresent(base, (path, count) -> count == 1 ? null : count - 1));
    }

    private static boolean clear(Path base) {
        Path lockFile = Path.of(base + ".lock.db");
        Path dataFile = Path.of(base + ".mv.db");
        if (!Files.isRegularFile(lockFile) || !Files.isRegularFile(dataFile) || !namesServer(lockFile)) {
            return false;
        }
        try (FileChannel data = FileChannel.open(dataFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock free = data.tryLock();
            if (free == null) {
                return false; // another process has the store open
            }
            try {
                boolean deleted = Files.deleteIfExists(lockFile);
                if (deleted) {
                    LOG.info("the process that had the store open ended without closing it; its lock file {} is removed", lockFile);
                }
                return deleted;
            } finally {
                free.release();
            }
        } catch (OverlappingFileLockException e) {
            return false; // this process has the store open
        } catch (IOException e) {
            LOG.debug("left the lock file {} to H2: {}", lockFile, e.toString());
            return false;
        }
    }

    /** The database's path without its ending, for a file URL; in-memory, TCP and PostgreSQL URLs have none. */
    static Optional<Path> base(String url) {
        if (!url.startsWith(FILE_URL)) {
            return Optional.empty();
        }
        String path = url.substring(FILE_URL.length());
        int settings = path.indexOf(';');
        path = settings < 0 ? path : path.substring(0, settings);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Optional.of(Path.of(path).toAbsolutePath().normalize());
    }

    private static boolean namesServer(Path lockFile) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(lockFile, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return "file".equals(properties.getProperty("method")) && properties.getProperty("server") != null;
    }
}
