package io.pipekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new H2 store appears whole or not at all: a process killed while making it leaves nothing the next one trips on. */
class NewH2StoreTest {
    @TempDir
    Path dir;

    /** Makes a store, nothing else: killed by the test at some moment of its migrations. */
    public static final class Maker {
        public static void main(String[] args) {
            Store.open(new StoreLocation(args[0], Optional.empty(), Optional.empty())).close();
        }
    }

    /** The newest migration applied, and how many failed. */
    private String migrations(StoreLocation location) {
        try (Store store = Store.open(location)) {
            return store.jdbi().withHandle(h -> h.createQuery("SELECT max(installed_rank) FROM flyway_schema_history").mapTo(Integer.class).one() + " rows, newest "
                    + h.createQuery("SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1").mapTo(String.class).one() + ", failed "
                    + h.createQuery("SELECT count(*) FROM flyway_schema_history WHERE NOT success").mapTo(Integer.class).one());
        }
    }

    @Test
    void a_store_whose_making_was_killed_at_any_moment_opens_whole_afterwards() throws Exception {
        for (long delay : new long[] {300, 600, 900, 1200, 1500}) {
            Path base = dir.resolve("killed-" + delay).resolve("pipekeeper");
            StoreLocation location = new StoreLocation(StoreLocation.h2File(base), Optional.empty(), Optional.empty());
            Process maker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Maker.class.getName(), location.url())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            maker.waitFor(delay, TimeUnit.MILLISECONDS);
            maker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            assertThat(migrations(location)).as("killed after %d ms", delay)
                    .endsWith("newest " + Store.LATEST_MIGRATION + ", failed 0");
            try (var left = Files.list(base.getParent())) {
                assertThat(left.map(file -> file.getFileName().toString())).as("killed after %d ms", delay).noneMatch(name -> name.contains("-new-"));
            }
        }
    }

    @Test
    void a_store_made_for_a_user_opens_for_that_user() {
        StoreLocation location = new StoreLocation(StoreLocation.h2File(dir.resolve("owned")), Optional.of("postgres"), Optional.of("secret"));
        Store.open(location).close();
        try (Store again = Store.open(location)) {
            int one = again.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            assertThat(one).isEqualTo(1);
        }
    }

    @Test
    void an_abandoned_attempt_is_removed_and_a_live_store_is_never_replaced() throws Exception {
        Path base = dir.resolve("pipekeeper");
        Files.writeString(dir.resolve("pipekeeper-new-999999999.mv.db"), "half a store of a process that is gone");
        StoreLocation location = new StoreLocation(StoreLocation.h2File(base), Optional.empty(), Optional.empty());
        try (Store store = Store.open(location)) {
            store.jdbi().useHandle(h -> h.execute("CREATE TABLE kept (x INT)"));
        }
        assertThat(dir.resolve("pipekeeper-new-999999999.mv.db")).doesNotExist();

        NewH2Store.makeIfAbsent(base, location, source -> {
            throw new AssertionError("a store exists: nothing is made");
        });
        try (Store store = Store.open(location)) {
            int kept = store.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM kept").mapTo(Integer.class).one());
            assertThat(kept).isZero();
        }
    }
}
