package io.pipekeeper.store;

import io.pipekeeper.config.Catalog;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the state store lives and how to log in to it. The default is an H2 file in {@code .pipekeeper/}
 * beside the configuration, opened in H2's mixed mode so that a CLI command and a running server share it.
 *
 * @param user     from {@code $PIPEKEEPER_STORE_USER}; never written in the configuration
 * @param password from {@code $PIPEKEEPER_STORE_PASSWORD}; never printed
 */
public record StoreLocation(String url, Optional<String> user, Optional<String> password) {
    public static final String USER_VARIABLE = "PIPEKEEPER_STORE_USER";
    public static final String PASSWORD_VARIABLE = "PIPEKEEPER_STORE_PASSWORD";
    public static final String MASK = "********";
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*|(//[^:/@]+:)[^@]*(@)");

    /**
     * H2 settings that make it accept the same SQL as PostgreSQL, let several processes share one file, and
     * write every commit to the file when it commits: by default H2 writes up to a second later, and a process
     * killed in that second loses transactions it had committed (a page sent but not recorded as sent). Each
     * connection keeps its last 64 parsed statements: with H2's default of 8, the incidents loop's dozen statements a
     * signal evicted each other, and every statement was parsed again each time (paging's p99 doubled).
     */
    static final String H2_SETTINGS = ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
            + ";QUERY_CACHE_SIZE=64";

    public static StoreLocation of(Catalog catalog, Map<String, String> environment) {
        String url = catalog.store()
                .map(written -> relativeToConfig(written, catalog.baseDir()))
                .orElseGet(() -> h2File(catalog.baseDir().resolve(".pipekeeper").resolve("pipekeeper")));
        return new StoreLocation(url, Optional.ofNullable(environment.get(USER_VARIABLE)),
                Optional.ofNullable(environment.get(PASSWORD_VARIABLE)));
    }

    /** An H2 file path written relative ({@code jdbc:h2:file:state/pk}) is relative to the configuration file. */
    static String relativeToConfig(String url, Path baseDir) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return url;
        }
        String rest = url.substring(prefix.length());
        if (rest.startsWith("/") || rest.startsWith("~")) {
            return url;
        }
        return prefix + baseDir.resolve(rest).normalize();
    }

    /** An H2 database in a file ({@code base} without the .mv.db ending). */
    public static String h2File(Path base) {
        return "jdbc:h2:file:" + base.toAbsolutePath().normalize() + H2_SETTINGS;
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The URL with any password written in it ({@code password=…}, {@code //user:…@}) masked, for printing. */
    public String maskedUrl() {
        Matcher m = URL_PASSWORD.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) != null ? m.group(1) + MASK : m.group(2) + MASK + m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return maskedUrl() + user.map(u -> " (user " + u + ")").orElse("");
    }
}
