package io.pipekeeper.release;

import io.pipekeeper.cli.Cli;
import io.pipekeeper.cli.Invocation;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the release's files that come from the command tree itself, so that they can never disagree with it: the
 * shell completion script (picocli's, for bash and, through bashcompinit, zsh) and the man pages' AsciiDoc sources
 * (picocli's generator; the build turns them into troff with Asciidoctor).
 */
public final class ReleaseFiles {
    private ReleaseFiles() {
    }

    /** {@code ReleaseFiles COMPLETION_DIR MAN_SOURCE_DIR}. */
    public static void main(String[] args) throws IOException {
        Path completion = Path.of(args[0]);
        Path manSources = Path.of(args[1]);
        Invocation quiet = new Invocation(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), Path.of(""));
        CommandLine tree = Cli.commandLine(quiet);

        Files.createDirectories(completion);
        Files.writeString(completion.resolve("pipekeeper.bash"), AutoComplete.bash("pipekeeper", tree), StandardCharsets.UTF_8);
        Files.writeString(completion.resolve("pipekeeper.zsh"), """
                # pipekeeper's completion for zsh: picocli's bash script, through zsh's bash compatibility.
                # In ~/.zshrc: source /opt/pipekeeper/completion/pipekeeper.zsh
                autoload -U +X compinit && compinit
                autoload -U +X bashcompinit && bashcompinit
                source "${0:A:h}/pipekeeper.bash"
                """, StandardCharsets.UTF_8);

        Files.createDirectories(manSources);
        int written = ManPageGenerator.generateManPage(manSources.toFile(), (File) null, new boolean[0], true, tree.getCommandSpec());
        if (written != 0) {
            throw new IOException("the man page generator failed with exit code " + written);
        }
    }
}
