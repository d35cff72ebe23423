package io.openenv4j.validate.internal;

import io.openenv4j.validate.CheckResult;
import io.openenv4j.validate.Report;
import io.openenv4j.validate.Status;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes a {@link Report} as JSON (schema {@code openenv4j.validate/1}) and as a self-contained HTML page. */
public final class ReportWriters {

    public static final String SCHEMA = "openenv4j.validate/1";

    private ReportWriters() {}

    public static String json(Report report) {
        ObjectNode root = WireJson.object();
        root.put("schema", SCHEMA);
        root.put("target", report.target());
        root.put("kind", report.kind());
        root.put("passed", report.passed());
        root.put("exit_code", report.passed() ? 0 : 1);
        ObjectNode summary = root.putObject("summary");
        for (Status status : Status.values()) {
            summary.put(
                    status.wireName(),
                    report.results().stream().filter(r -> r.status() == status).count());
        }
        summary.put(
                "blocking",
                report.results().stream().filter(CheckResult::blocking).count());
        ArrayNode checks = root.putArray("checks");
        for (CheckResult result : report.results()) {
            ObjectNode check = checks.addObject();
            check.put("id", result.check().id());
            check.put("level", result.check().level().wireName());
            check.put("severity", result.check().severity().wireName());
            check.put("status", result.status().wireName());
            check.put("measured", result.measured());
            check.put("evidence", result.evidence());
            check.put("remediation", result.check().remediation());
            check.put(
                    "reference_gap",
                    result.check().referenceGap().isEmpty()
                            ? null
                            : result.check().referenceGap());
            check.put("millis", result.millis());
        }
        ObjectNode plots = root.putObject("plots");
        series(plots.putArray("random_returns"), report.plots().randomReturns());
        series(plots.putArray("oracle_returns"), report.plots().oracleReturns());
        series(plots.putArray("learner_mean"), report.plots().learnerMean());
        series(plots.putArray("learner_best"), report.plots().learnerBest());
        series(plots.putArray("latencies_ms"), report.plots().latenciesMs());
        return WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void series(ArrayNode into, List<Double> values) {
        values.forEach(into::add);
    }

    public static String html(Report report) {
        var html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>openenv4j validate: ")
                .append(escape(report.target()))
                .append("</title><style>")
                .append(
                        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}")
                .append(
                        "td,th{border:1px solid #ddd;padding:4px 6px;font-size:13px;vertical-align:top;text-align:left}")
                .append(".passed{color:#1a7f37}.failed{color:#cf222e;font-weight:bold}.skipped{color:#888}")
                .append(
                        ".plots{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0}code{font-size:12px;word-break:break-all}")
                .append("</style></head><body>");
        html.append("<h1>")
                .append(escape(report.target()))
                .append(" — ")
                .append(
                        report.passed()
                                ? "<span class=\"passed\">PASSED</span>"
                                : "<span class=\"failed\">FAILED</span>")
                .append("</h1>");
        html.append("<p>")
                .append(report.kind())
                .append(" · ")
                .append(report.results().size())
                .append(" checks · ")
                .append(report.failures().size())
                .append(" failed</p><div class=\"plots\">");
        if (!report.plots().randomReturns().isEmpty()) {
            html.append(Svg.histogram(
                    "Random-policy returns",
                    report.plots().randomReturns(),
                    report.plots().oracleReturns()));
        }
        if (!report.plots().learnerMean().isEmpty()) {
            html.append(Svg.lines(
                    "Learning curve (mean, best) per iteration",
                    report.plots().learnerMean(),
                    report.plots().learnerBest()));
        }
        if (!report.plots().latenciesMs().isEmpty()) {
            html.append(Svg.lines("Step latency (ms) per step", report.plots().latenciesMs(), List.of()));
        }
        html.append("</div><table><tr><th>check</th><th>level</th><th>severity</th><th>status</th><th>measured</th>")
                .append("<th>evidence</th><th>remediation</th></tr>");
        for (CheckResult result : report.results()) {
            String status = result.status().wireName();
            html.append("<tr><td><code>")
                    .append(result.check().id())
                    .append("</code>")
                    .append(
                            result.check().referenceGap().isEmpty()
                                    ? ""
                                    : " (" + result.check().referenceGap() + ")")
                    .append("</td><td>")
                    .append(result.check().level().wireName())
                    .append("</td><td>")
                    .append(result.check().severity().wireName())
                    .append("</td><td class=\"")
                    .append(status)
                    .append("\">")
                    .append(status)
                    .append("</td><td>")
                    .append(escape(result.measured()))
                    .append("</td><td><code>")
                    .append(escape(result.evidence()))
                    .append("</code></td><td>")
                    .append(escape(result.check().remediation()))
                    .append("</td></tr>");
        }
        return html.append("</table></body></html>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
