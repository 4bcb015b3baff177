package io.pipekeeper.config;

import java.time.Duration;

/** What a pipeline's run may use: the engine's memory limit and threads, and how long it may take. */
public record Resources(long memoryBytes, int threads, Duration timeout) {
    public static final Resources DEFAULT = new Resources(2L << 30, 2, Duration.ofMinutes(30));

    public Resources {
        if (memoryBytes <= 0 || threads <= 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("resources must be positive: " + memoryBytes + " bytes, " + threads + " threads, " + timeout);
        }
    }

    /** {@code 512MB}, {@code 2GB}. */
    public static long parseMemory(String text) {
        long amount = Long.parseLong(text.substring(0, text.length() - 2));
        return text.endsWith("GB") ? amount << 30 : amount << 20;
    }

    /** The memory limit as people write it: 2GB, 512MB. */
    public String memoryText() {
        return memoryBytes % (1L << 30) == 0 ? (memoryBytes >> 30) + "GB" : (memoryBytes >> 20) + "MB";
    }
}
