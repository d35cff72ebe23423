package io.openenv4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the command line in process, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
