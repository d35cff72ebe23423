package io.openenv4j.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code openenv4j serve} as a child process (the CLI on this test's class path), its output read line by line. */
final class ServeProcess implements AutoCloseable {

    final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();

    private ServeProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (var out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    output.append(line).append('\n');
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
    }

    /** Starts {@code openenv4j <arguments>} with these extra environment variables. */
    static ServeProcess start(Map<String, String> variables, String... arguments) throws java.io.IOException {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.openenv4j.cli.Main"));
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(variables);
        builder.redirectErrorStream(true);
        return new ServeProcess(builder.start());
    }

    /** The first line starting with {@code prefix}, or null when none comes within the time. */
    String awaitLine(String prefix, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String line;
        do {
            line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } while (line != null && !line.startsWith(prefix));
        return line;
    }

    /** Everything the process printed so far. */
    String output() {
        return output.toString();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
