package io.pipekeeper.config;

import java.util.Locale;

/**
 * The status page of one audience ({@code /status/investors}).
 *
 * @param open whether anyone may read it without logging in; otherwise it is behind the dashboard's login
 */
public record StatusPageSettings(String audience, String title, boolean open) {
    /** An audience's page when the file says nothing of it: behind a login, titled by the audience. */
    public static StatusPageSettings defaultFor(String audience) {
        return new StatusPageSettings(audience, "Metrics status for " + audience.toLowerCase(Locale.ROOT), false);
    }
}
