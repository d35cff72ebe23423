package io.openenv4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders and task choices are the same in a fresh JVM whose identity hash codes are all equal (HotSpot's
 * {@code -XX:hashCode=2}) and whose string hashing is seeded differently: nothing depends on hash-map order,
 * identity hashes or the process.
 */
class OrderInAnotherProcessTest {

    /** Prints the orders and the tasks a bound source picks; run in the child JVM. */
    public static void main(String[] args) throws Exception {
        System.out.print(String.join("\n", fingerprint(Path.of(args[0]))));
    }

    static List<String> fingerprint(Path dataset) throws Exception {
        var lines = new ArrayList<String>();
        for (long seed : new long[] {0, 1, 42, -9}) {
            for (var shard : List.of(Shard.whole(), Shard.of(1, 3))) {
                for (var replacement : Replacement.values()) {
                    var order = TaskOrder.of(97, new Sampling(seed, replacement, shard));
                    var row = new StringBuilder(seed + " " + shard + " " + replacement + ":");
                    for (long p = 0; p < 100; p++) {
                        row.append(' ').append(order.index(p));
                    }
                    lines.add(row.toString());
                }
            }
        }
        var source = TaskSource.fromDirectory(dataset, TaskMapping.defaults());
        for (long seed = 0; seed < 20; seed++) {
            var order = TaskOrder.of(source.count("train"), Sampling.of(seed));
            lines.add(
                    "task " + seed + " " + source.task("train", order.index(0)).id());
        }
        return lines;
    }

    @Test
    void aFreshJvmWithConstantIdentityHashesComputesTheSameOrders(@TempDir Path dir) throws Exception {
        Path data = TaskFixtures.questions(dir, "train", 40);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var command = List.of(
                java.toString(),
                "-XX:+UnlockExperimentalVMOptions",
                "-XX:hashCode=2",
                "-cp",
                System.getProperty("java.class.path"),
                OrderInAnotherProcessTest.class.getName(),
                data.getParent().toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(out.lines().toList()).isEqualTo(fingerprint(data.getParent()));
        assertThat(Files.exists(data)).isTrue();
    }
}
