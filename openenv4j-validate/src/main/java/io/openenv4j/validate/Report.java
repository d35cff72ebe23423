package io.openenv4j.validate;

import io.openenv4j.validate.internal.ReportWriters;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a validation: one result per check, in the order they ran, and the plotted series.
 *
 * @param target the URL or environment name validated
 * @param kind {@code "url"} or {@code "environment"}
 * @param results one per check
 * @param plots the series behind the HTML report's plots
 */
public record Report(String target, String kind, List<CheckResult> results, Plots plots) {

    public Report {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        results = List.copyOf(results);
        Objects.requireNonNull(plots, "plots");
    }

    /** Whether no check of severity {@link Severity#ERROR} failed. */
    public boolean passed() {
        return results.stream().noneMatch(CheckResult::blocking);
    }

    public List<CheckResult> failures() {
        return results.stream()
                .filter(result -> result.status() == Status.FAILED)
                .toList();
    }

    public Optional<CheckResult> result(Check check) {
        return results.stream().filter(result -> result.check() == check).findFirst();
    }

    /** The report as JSON (schema in docs/validate.md). */
    public String toJson() {
        return ReportWriters.json(this);
    }

    /** A self-contained HTML page with inline SVG plots. */
    public String toHtml() {
        return ReportWriters.html(this);
    }
}
