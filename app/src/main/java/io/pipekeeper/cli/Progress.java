package io.pipekeeper.cli;

import java.io.PrintWriter;

/** A one-line progress bar on standard error, shown only on a terminal so that logs and pipes stay clean. */
final class Progress {
    private final PrintWriter err;
    private final long total;
    private final boolean shown;
    private long done;

    private Progress(PrintWriter err, long total, boolean shown) {
        this.err = err;
        this.total = total;
        this.shown = shown;
    }

    static Progress onTerminal(Invocation invocation, long total) {
        return new Progress(invocation.err(), total, System.console() != null && invocation.err() != null);
    }

    void step(String label) {
        done++;
        if (!shown) {
            return;
        }
        int width = 30;
        int filled = (int) (width * done / Math.max(total, 1));
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " " + label + "   ");
        err.flush();
    }

    void done() {
        if (shown) {
            err.println();
        }
    }
}
