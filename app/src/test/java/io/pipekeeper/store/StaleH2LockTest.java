package io.pipekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file of an H2 store whose owner was killed is cleared at once, and never while an owner lives. */
class StaleH2LockTest {
    @TempDir
    Path dir;

    /** Opens the store given as its argument and holds it until killed. */
    public static final class Owner {
        public static void main(String[] args) throws Exception {
            try (Store store = Store.open(new StoreLocation(args[0], java.util.Optional.empty(), java.util.Optional.empty()))) {
                store.jdbi().useHandle(handle -> handle.execute("SELECT 1"));
                System.out.println("open");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }

    @Test
    void a_killed_owners_lock_file_is_removed_before_h2_waits_on_it_and_a_live_owners_is_kept() throws Exception {
        String url = StoreLocation.h2File(dir.resolve("pipekeeper"));
        Path lockFile = dir.resolve("pipekeeper.lock.db");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Owner.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            assertThat(new String(owner.getInputStream().readNBytes(4))).isEqualTo("open");
            assertThat(Files.readString(lockFile)).contains("server=");

            assertThat(StaleH2Lock.clearAndOpen(url)).as("the owner lives").isFalse();
            StaleH2Lock.closed(url);
            assertThat(lockFile).exists();
            try (Store client = Store.open(new StoreLocation(url, java.util.Optional.empty(), java.util.Optional.empty()))) {
                int one = client.jdbi().withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
                assertThat(one).isEqualTo(1);
            }
            assertThat(lockFile).as("a client of the live owner leaves its lock").exists();
        } finally {
            owner.destroyForcibly(); // SIGKILL: no shutdown hook, the lock file stays behind
            assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lockFile).as("left by the killed owner").exists();

        assertThat(StaleH2Lock.clearAndOpen(url)).as("the owner is dead").isTrue();
        StaleH2Lock.closed(url);
        assertThat(lockFile).doesNotExist();
        try (Store reopened = Store.open(new StoreLocation(url, java.util.Optional.empty(), java.util.Optional.empty()))) {
            assertThat(reopened.status().schemaVersion()).isNotEqualTo("none");
            assertThat(StaleH2Lock.clearAndOpen(url)).as("this process has it open: its lock is never probed from here").isFalse();
            StaleH2Lock.closed(url);
            assertThat(lockFile).exists();
        }
    }

    @Test
    void only_file_urls_have_a_lock_file() {
        assertThat(StaleH2Lock.base("jdbc:h2:mem:x;MODE=PostgreSQL")).isEmpty();
        assertThat(StaleH2Lock.base("jdbc:postgresql://localhost/pk")).isEmpty();
        assertThat(StaleH2Lock.base("jdbc:h2:file:/srv/pk/state;AUTO_SERVER=TRUE")).contains(Path.of("/srv/pk/state"));
    }
}
