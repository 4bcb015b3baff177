package io.pipekeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** One run of the command line, in-process, with what it printed and its exit code. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(Path workingDir, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Invocation invocation = new Invocation(new PrintWriter(out), new PrintWriter(err), environment, workingDir);
        int exitCode = Cli.run(invocation, args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    static CliRun of(Path workingDir, String... args) {
        return of(workingDir, Map.of(), args);
    }

    JsonNode json() {
        try {
            return new ObjectMapper().readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("not one JSON document: " + out, e);
        }
    }
}
