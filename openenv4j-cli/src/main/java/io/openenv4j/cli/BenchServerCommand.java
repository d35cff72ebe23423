package io.openenv4j.cli;

import io.openenv4j.bench.BenchServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code openenv4j bench-server}: the server side of a bench run on its own (the bench environment, the raw
 * TCP floor responder and an admin route), for driving from another machine or by hand. Hidden: {@code
 * openenv4j bench} starts it itself.
 */
@Command(
        name = "bench-server",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Serve the bench environment, the raw TCP floor and an admin route until standard input closes.")
final class BenchServerCommand implements Callable<Integer> {

    @Option(names = "--host", description = "Address to bind (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "--max-sessions", description = "Concurrent sessions (default 20000).")
    int maxSessions = 20_000;

    @Override
    public Integer call() throws Exception {
        return BenchServer.serve(host, maxSessions);
    }
}
