package io.pipekeeper.recovery;

import io.pipekeeper.App;
import io.pipekeeper.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The process {@link KillDuringRecoveryTest} kills: a scheduler's start (interrupted runs closed, interrupted
 * recoveries resumed), then recovery passes on the store of the given configuration. Says {@code ready} before the
 * first pass and {@code idle} once a pass finds nothing to do.
 */
public final class RecoveryChild {
    private RecoveryChild() {
    }

    public static void main(String[] args) throws Exception {
        try (App app = new App(new ConfigLoader().load(Path.of(args[0]), args[0]), Map.of())) {
            app.runStore().closeInterrupted(Instant.now());
            app.recoveryStore().resumeInterrupted();
            RecoveryLoop recovery = app.recoveryLoop();
            System.out.println("ready");
            System.out.flush();
            while (true) {
                if (recovery.runOnce(Instant.now()) == 0) {
                    System.out.println("idle");
                    System.out.flush();
                }
                Thread.sleep(50);
            }
        }
    }
}
