package io.pipekeeper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** pipekeeper's version, as the build wrote it into version.properties. */
public final class Version {
    private Version() {
    }

    public static String of() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/io/pipekeeper/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
