package io.pipekeeper.cli;

import java.io.PrintWriter;

/**
 * Progress on standard error: a bar redrawn in place when standard error is a terminal; otherwise one line per
 * step, so that a log or a pipe gets plain lines and no carriage returns.
 */
final class Progress {
    private final PrintWriter err;
    private final long total;
    private final boolean drawn;
    private long done;

    private Progress(PrintWriter err, long total, boolean drawn) {
        this.err = err;
        this.total = total;
        this.drawn = drawn;
    }

    static Progress of(Invocation invocation, long total) {
        return new Progress(invocation.err(), total, invocation.errIsTerminal());
    }

    void step(String label) {
        done++;
        if (drawn) {
            int width = 30;
            int filled = (int) (width * done / Math.max(total, 1));
            err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " " + label + "   ");
        } else {
            err.println("[" + done + "/" + total + "] " + label);
        }
        err.flush();
    }

    void done() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
