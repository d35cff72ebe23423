package io.openenv4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the run ran on, and pinning the driver to its CPUs. */
final class Machine {

    private Machine() {}

    static String describe(BenchOptions options) {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .orElse(cpu);
        } catch (IOException e) {
            // keep unknown
        }
        long memory = 0;
        try {
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024)
                    .orElse(0L);
        } catch (IOException e) {
            // keep 0
        }
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version");
        return Runtime.getRuntime().availableProcessors() + " CPUs visible to the driver (" + cpu + "), "
                + memory + " GiB RAM, " + kernel + ", Java " + Runtime.version() + "; servers pinned to CPU "
                + blank(options.serverCpus()) + ", load generator to CPU " + blank(options.clientCpus())
                + "; Python reference: " + (options.hasReference() ? pythonVersion(options) : "not run");
    }

    private static String blank(String cpus) {
        return cpus == null || cpus.isBlank() ? "(not pinned)" : cpus;
    }

    private static String pythonVersion(BenchOptions options) {
        try {
            Process process = new ProcessBuilder(
                            options.referencePython().toString(),
                            "-c",
                            "import sys, importlib.metadata as m; print('Python %d.%d.%d' % sys.version_info[:3], 'openenv-core', "
                                    + "m.version('openenv-core'), 'uvicorn', m.version('uvicorn'))")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unknown version";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown version";
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Pins every thread of this process (and the ones it starts later) to {@code cpus}, when taskset exists. */
    static void pinSelf(String cpus, PrintStream progress) {
        if (cpus == null || cpus.isBlank() || !Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            return;
        }
        try {
            Process process = new ProcessBuilder(
                            "/usr/bin/taskset",
                            "-a",
                            "-p",
                            "-c",
                            cpus,
                            String.valueOf(ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() != 0) {
                progress.println("bench: could not pin the load generator to CPU " + cpus);
            }
        } catch (IOException e) {
            progress.println("bench: could not pin the load generator: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
