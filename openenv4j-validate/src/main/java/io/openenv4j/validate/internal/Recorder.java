package io.openenv4j.validate.internal;

import io.openenv4j.validate.Check;
import io.openenv4j.validate.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Runs checks one at a time, times them, reports progress, and turns a crash into a failed result. */
final class Recorder {

    private final List<CheckResult> results = new ArrayList<>();
    private final Consumer<String> progress;

    Recorder(Consumer<String> progress) {
        this.progress = progress;
    }

    void run(Check check, Supplier<CheckResult> body) {
        long start = System.nanoTime();
        CheckResult result;
        try {
            result = body.get();
        } catch (RuntimeException | AssertionError e) {
            result = CheckResult.of(check, false, "", "the check could not complete: " + e);
        }
        result = result.withMillis((System.nanoTime() - start) / 1_000_000);
        results.add(result);
        progress.accept(
                String.format("%-38s %-7s %s", check.id(), result.status().wireName(), result.measured()));
    }

    void skip(Check check, String why) {
        results.add(CheckResult.skipped(check, why));
        progress.accept(String.format("%-38s %-7s %s", check.id(), "skipped", why));
    }

    List<CheckResult> results() {
        return results;
    }
}
