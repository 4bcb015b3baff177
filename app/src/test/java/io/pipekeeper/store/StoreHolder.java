package io.pipekeeper.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A second process for {@link SharedStoreTest}: it plays the running server. It opens the store, writes a
 * timer, says {@code ready}, waits for a line on its input, then prints how many timers it sees.
 */
public final class StoreHolder {
    private StoreHolder() {
    }

    public static void main(String[] args) throws Exception {
        StoreLocation location = new StoreLocation(args[0], Optional.empty(), Optional.empty());
        try (Store store = Store.open(location)) {
            store.jdbi().useHandle(handle -> StoreTest.insertTask(handle, "run", "from-server", Instant.now()));
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            int count = store.jdbi().withHandle(handle ->
                    handle.createQuery("SELECT count(*) FROM scheduled_tasks").mapTo(Integer.class).one());
            System.out.println("count=" + count);
        }
    }
}
