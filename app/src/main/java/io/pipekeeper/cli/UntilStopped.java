package io.pipekeeper.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** For the commands that run until stopped: waits for Ctrl-C or SIGTERM, then closes what it was given, in order. */
final class UntilStopped {
    private UntilStopped() {
    }

    static void await(AutoCloseable... parts) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    LoggerFactory.getLogger(UntilStopped.class).warn("stopping: {}", e.getMessage());
                }
            }
            stopped.countDown();
        }, "pipekeeper-stop"));
        stopped.await();
    }
}
