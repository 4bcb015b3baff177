package io.pipekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/** Writes from many threads committed together, each caller answered only once its own write is committed. */
class GroupCommitTest {
    private static void insert(Handle handle, String name) {
        handle.createUpdate("INSERT INTO bench_rows (name) VALUES (:name)").bind("name", name).execute();
    }

    private static Store storeWithTable() {
        Store store = Store.open(TestDatabases.freshH2());
        store.jdbi().useHandle(handle -> handle.execute("CREATE TABLE bench_rows (name VARCHAR(40) PRIMARY KEY)"));
        return store;
    }

    private static long rows(Store store) {
        return store.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM bench_rows").mapTo(Long.class).one());
    }

    @Test
    void every_write_of_many_threads_is_committed_when_its_caller_returns() throws Exception {
        try (Store store = storeWithTable()) {
            ExecutorService threads = Executors.newFixedThreadPool(16);
            try {
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    String name = "row-" + i;
                    answers.add(threads.submit(() -> {
                        store.write(handle -> insert(handle, name));
                        // Returned: committed, so a fresh connection sees it.
                        return store.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM bench_rows WHERE name = :name")
                                .bind("name", name).mapTo(Integer.class).one()) == 1;
                    }));
                }
                for (Future<Boolean> answer : answers) {
                    assertThat(answer.get(60, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(rows(store)).isEqualTo(2000);
        }
    }

    @Test
    void a_failing_write_fails_its_own_caller_and_no_other_in_its_group() throws Exception {
        try (Store store = storeWithTable()) {
            store.write(handle -> insert(handle, "taken"));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String name = i % 10 == 0 ? "taken" : "fresh-" + i; // every tenth breaks the primary key
                    answers.add(threads.submit(() -> {
                        start.await();
                        try {
                            store.write(handle -> insert(handle, name));
                            return "committed";
                        } catch (RuntimeException e) {
                            return "failed";
                        }
                    }));
                }
                start.countDown();
                for (int i = 0; i < answers.size(); i++) {
                    assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).as("write %d", i).isEqualTo(i % 10 == 0 ? "failed" : "committed");
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(rows(store)).isEqualTo(1 + 36);
        }
    }

    @Test
    void the_failure_is_the_store_s_own_error_and_nothing_of_the_write_stays() {
        try (Store store = storeWithTable()) {
            assertThatThrownBy(() -> store.write(handle -> {
                insert(handle, "first");
                insert(handle, "first");
            })).hasMessageContaining("first");
            assertThat(rows(store)).isZero();
        }
    }

    @Test
    void a_closed_store_refuses_new_writes_after_committing_those_in_hand() throws Exception {
        Store store = storeWithTable();
        store.write(handle -> insert(handle, "before"));
        store.close();
        assertThatThrownBy(() -> store.write(handle -> insert(handle, "after"))).isInstanceOf(IllegalStateException.class);
        try (Store reopened = Store.open(store.location())) {
            assertThat(rows(reopened)).isEqualTo(1);
        }
    }
}
