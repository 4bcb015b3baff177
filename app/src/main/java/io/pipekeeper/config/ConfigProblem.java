package io.pipekeeper.config;

import java.util.Comparator;

/** One thing wrong with a configuration file, printed as {@code FILE:LINE:COL: path: message}. */
public record ConfigProblem(String file, int line, int column, ConfigPath path, String message) {
    public static final Comparator<ConfigProblem> BY_POSITION =
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column);

    /** The same place, saying something else. */
    public ConfigProblem withMessage(String other) {
        return new ConfigProblem(file, line, column, path, other);
    }

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return path.isRoot() ? where + ": " + message : where + ": " + path + ": " + message;
    }
}
