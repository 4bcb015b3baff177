package io.pipekeeper.config;

import java.nio.file.Path;

/** Where data lives: sources under {@code raw}, pipeline outputs under {@code warehouse}, rejected rows under {@code quarantine}. */
public record Storage(Path raw, Path warehouse, Path quarantine) {
    public static Storage under(Path baseDir, String raw, String warehouse, String quarantine) {
        return new Storage(baseDir.resolve(raw).normalize(), baseDir.resolve(warehouse).normalize(),
                baseDir.resolve(quarantine).normalize());
    }
}
