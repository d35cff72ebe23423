package io.openenv4j.cli;

import io.openenv4j.bench.BenchOptions;
import io.openenv4j.bench.BenchRun;
import io.openenv4j.bench.EpisodeStart;
import io.openenv4j.bench.ScaleBench;
import io.openenv4j.bench.Soak;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code openenv4j bench}: measures OpenEnv4j against a raw TCP floor and the Python reference, in one run,
 * with servers in their own processes, and writes a Markdown and an HTML report.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure latency, CPU per step, throughput, capacity, session churn and memory of OpenEnv4j,",
            "against a raw TCP floor and the Python reference, in one run. Writes bench-report.md and bench-report.html."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--smoke", description = "Run every part for a moment (checks the machinery, not the speed).")
    boolean smoke;

    @Option(names = "--out", description = "Folder for the reports (default: target/bench).")
    Path out = Path.of("target", "bench");

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "PART",
            description = {
                "Parts to run (default all but soak, episode-start and scale): latency, payload, throughput, batch, opens, capacity, churn, idle, rollouts;",
                "soak: long sessions, open/close cycles and injected faults with zero errors and flat resources (docs/reliability.md);",
                "episode-start: open latency of terminal, code and browser episodes, warm pools against cold (docs/performance.md);",
                "scale: sessions held, steps/s, added latency and CPU per step through the placement router (and HAProxy when installed) across 1-8 replicas (docs/scale-out.md);",
                "scale-target: only the attempt at --target-sessions (default 65536) concurrent sessions through one endpoint."
            })
    List<String> only;

    @Option(
            names = "--python",
            description = "The Python reference's interpreter (default: openenv4j-it/target/pyref/bin/python).")
    Path python = Path.of("openenv4j-it", "target", "pyref", "bin", "python");

    @Option(
            names = "--reference-script",
            description = "ref_bench_server.py (default: openenv4j-it/src/test/python/ref_bench_server.py).")
    Path script = Path.of("openenv4j-it", "src", "test", "python", "ref_bench_server.py");

    @Option(names = "--no-reference", description = "Leave the Python reference out.")
    boolean noReference;

    @Option(
            names = "--server-cpus",
            description = "CPUs for the servers, as taskset takes them (default 1; '' for no pinning).")
    String serverCpus = "1";

    @Option(names = "--client-cpus", description = "CPUs for the load generator (default 0; '' for no pinning).")
    String clientCpus = "0";

    @Option(
            names = "--target-sessions",
            paramLabel = "N",
            description =
                    "With --only scale or scale-target: attempt N concurrent sessions (1 s step each) through one endpoint:"
                            + " several routers sharing one port (SO_REUSEPORT) in front of several replicas (e.g. 65536).")
    int targetSessions;

    @Option(names = "--rounds", description = "Interleaved latency rounds (default 5; 2 with --smoke).")
    Integer rounds;

    @Override
    public Integer call() throws Exception {
        Path py = noReference ? null : python;
        if (Runtime.getRuntime().availableProcessors() < 2) {
            serverCpus = "";
            clientCpus = "";
        }
        String commandLine = "openenv4j "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        long soakErrors = 0;
        if (only != null && only.contains("soak")) {
            only = new java.util.ArrayList<>(only);
            only.remove("soak");
            soakErrors = Soak.run(
                    smoke ? Soak.Options.smoke(serverCpus, clientCpus) : Soak.Options.full(serverCpus, clientCpus),
                    out,
                    System.out,
                    commandLine);
            if (only.isEmpty()) {
                return soakErrors == 0 ? 0 : 3;
            }
        }
        if (only != null && only.contains("episode-start")) {
            only = new java.util.ArrayList<>(only);
            only.remove("episode-start");
            soakErrors += EpisodeStart.run(
                    smoke ? EpisodeStart.Options.smoke() : EpisodeStart.Options.full(), out, System.out, commandLine);
            if (only.isEmpty()) {
                return soakErrors == 0 ? 0 : 3;
            }
        }
        if (only != null && only.contains("scale")) {
            only = new java.util.ArrayList<>(only);
            only.remove("scale");
            var scale = smoke
                    ? ScaleBench.Options.smoke(serverCpus, clientCpus)
                    : ScaleBench.Options.full(serverCpus, clientCpus);
            soakErrors += ScaleBench.run(scale.withTargetSessions(targetSessions), out, System.out, commandLine);
            if (only.isEmpty()) {
                return soakErrors == 0 ? 0 : 3;
            }
        }
        if (only != null && only.contains("scale-target")) {
            only = new java.util.ArrayList<>(only);
            only.remove("scale-target");
            soakErrors += ScaleBench.run(
                    ScaleBench.Options.targetOnly(targetSessions > 0 ? targetSessions : 65_536, serverCpus, clientCpus),
                    out,
                    System.out,
                    commandLine);
            if (only.isEmpty()) {
                return soakErrors == 0 ? 0 : 3;
            }
        }
        BenchOptions options = smoke ? BenchOptions.smoke(out, py, script) : BenchOptions.full(out, py, script);
        if (only != null && !only.isEmpty()) {
            options = options.withSections(new LinkedHashSet<>(only));
        }
        if (rounds != null) {
            options = options.withRounds(rounds);
        }
        if (Runtime.getRuntime().availableProcessors() < 2) {
            serverCpus = "";
            clientCpus = "";
        }
        options = options.withCpus(serverCpus, clientCpus);
        PrintStream progress = System.out;
        long errors = BenchRun.run(options, progress, commandLine);
        return errors == 0 && soakErrors == 0 ? 0 : 3;
    }
}
