package io.pipekeeper.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Source files on this machine, under a root ({@code storage.raw}). */
final class LocalFiles implements SourceFiles {
    private final Path root;

    LocalFiles(Path root) {
        this.root = root;
    }

    @Override
    public List<DataFile> glob(String pattern) {
        Path full = root.resolve(pattern);
        Path dir = full.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + full.getFileName());
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isRegularFile(p) && matcher.matches(p.getFileName()))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .map(LocalFiles::file)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> children(String folder) {
        Path dir = root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(child -> child.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String shown(String pattern) {
        return root.resolve(pattern).toString();
    }

    /** A local file with its modification time (the epoch when it cannot be read). */
    static DataFile file(Path file) {
        try {
            return new DataFile(file.toString(), Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            return new DataFile(file.toString(), Instant.EPOCH);
        }
    }
}
