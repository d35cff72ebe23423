package io.openenv4j.envs.browser;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.browser.BrowserEnvironment.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Prints the figures behind the choice of one shared browser with a context per episode over one browser per
 * episode: start-up time and memory of a browser, of a context with its page, and the cost of an environment
 * reset and of typical steps. Not a test (nothing asserts a speed); run it with
 *
 * <pre>
 * mvn -B -ntp -q -pl openenv4j-envs -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test -Dopenenv4j.interop.skip=true
 * java -cp openenv4j-envs/target/test-classes:openenv4j-envs/target/classes:$(cat openenv4j-envs/target/cp.txt) \
 *     io.openenv4j.envs.browser.BrowserMeasurement 10
 * </pre>
 */
public final class BrowserMeasurement {

    private BrowserMeasurement() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        var launches = new ArrayList<Double>();
        long browserRss = 0;
        for (int i = 0; i < Math.max(3, rounds / 2); i++) {
            long start = System.nanoTime();
            try (Chromium browser = Chromium.launch()) {
                Tab tab = Tab.open(browser);
                tab.navigate("about:blank");
                launches.add(millis(start));
                browserRss = rssKb(browser.pid());
                tab.close();
            }
        }
        report("browser per episode: launch + first page", launches);
        System.out.printf(
                "  memory of one browser with one page: %d MB (PSS of its process tree)%n", browserRss / 1024);

        Chromium shared = Chromium.acquire(Chromium.Isolation.CONTEXT);
        try {
            var contexts = new ArrayList<Double>();
            var open = new ArrayList<Tab>();
            long before = rssKb(shared.pid());
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                Tab tab = Tab.open(shared);
                tab.navigate("about:blank");
                contexts.add(millis(start));
                open.add(tab);
            }
            long after = rssKb(shared.pid());
            report("shared browser: new context + first page", contexts);
            System.out.printf(
                    "  memory per extra open context: %d MB (%d contexts added %d MB)%n",
                    (after - before) / 1024 / rounds, rounds, (after - before) / 1024);
            open.forEach(Tab::close);

            try (var env = new BrowserEnvironment()) {
                var resets = new ArrayList<Double>();
                var steps = new ArrayList<Double>();
                for (int i = 0; i < rounds; i++) {
                    long seed = i;
                    resets.add(time(() -> env.reset(new ResetRequest(seed, null, Map.of("task", "form")))));
                    steps.add(time(() -> env.step(Action.navigate("/signup"))));
                    steps.add(time(() -> env.step(Action.type("#name", "Ada Lovelace"))));
                    steps.add(time(() -> env.step(Action.click("#terms"))));
                }
                report("environment reset (context, page, site home, tree)", resets);
                report("environment step (navigate, type, click; tree included)", steps);
            }
        } finally {
            Chromium.release(shared);
        }
    }

    private static double time(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return millis(start);
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static void report(String what, List<Double> samples) {
        double[] sorted =
                samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
                "%-58s median %7.1f ms  p90 %7.1f ms  (n=%d)%n",
                what,
                sorted[sorted.length / 2],
                sorted[(int) Math.min(sorted.length - 1, Math.round(sorted.length * 0.9))],
                sorted.length);
    }

    /** The proportional memory (PSS: shared pages split among sharers) of a process and its descendants. */
    private static long rssKb(long pid) {
        return Stream.concat(
                        Stream.of(pid),
                        ProcessHandle.of(pid).stream()
                                .flatMap(ProcessHandle::descendants)
                                .map(ProcessHandle::pid))
                .mapToLong(BrowserMeasurement::ownRssKb)
                .sum();
    }

    private static long ownRssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup")).stream()
                    .filter(line -> line.startsWith("Pss:"))
                    .mapToLong(line -> Long.parseLong(Arrays.stream(line.split("\\s+"))
                            .skip(1)
                            .findFirst()
                            .orElse("0")))
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
