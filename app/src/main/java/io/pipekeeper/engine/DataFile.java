package io.pipekeeper.engine;

import java.time.Instant;

/**
 * One file an input reads: where it is, as an engine reads it (a local path, or a URI such as
 * {@code hdfs://nn/raw/…} or {@code s3a://bucket/…} that only Spark reads), and when it was last written.
 */
public record DataFile(String location, Instant modified) {
}
