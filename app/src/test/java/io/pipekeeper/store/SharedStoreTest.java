package io.pipekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A CLI command and a running server use one H2 file at the same time, from two processes. */
class SharedStoreTest {
    @Test
    void two_processes_read_each_others_writes_in_one_h2_file() throws Exception {
        StoreLocation location = TestDatabases.freshH2();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                StoreHolder.class.getName(), location.url()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
             Writer serverIn = new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(serverOut.readLine()).isEqualTo("ready");

            try (Store cli = Store.open(location)) {
                cli.jdbi().useHandle(handle -> StoreTest.insertTask(handle, "run", "from-cli", Instant.now()));
                List<String> seen = cli.jdbi().withHandle(handle -> handle
                        .createQuery("SELECT task_instance FROM scheduled_tasks ORDER BY task_instance")
                        .mapTo(String.class).list());
                assertThat(seen).containsExactly("from-cli", "from-server");
            }

            serverIn.write("go\n");
            serverIn.flush();
            assertThat(serverOut.readLine()).isEqualTo("count=2");
        } finally {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        assertThat(server.exitValue()).isZero();
    }
}
