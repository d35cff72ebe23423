package io.openenv4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a run's results as {@code bench-report.md} and a self-contained {@code bench-report.html} with SVG plots. */
final class Reports {

    private Reports() {}

    /** A titled table. */
    record Table(String title, List<String> header, List<List<String>> rows, String note) {}

    static String us(double nanos) {
        return Double.isNaN(nanos) ? "–" : String.format(Locale.ROOT, nanos < 10_000 ? "%.1f" : "%.0f", nanos / 1e3);
    }

    static String x(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String n(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static void write(Results results, BenchOptions options) throws IOException {
        Files.createDirectories(options.out());
        List<Table> tables = Tables.all(results);
        Files.writeString(options.out().resolve("bench-report.md"), markdown(results, tables));
        Files.writeString(options.out().resolve("bench-report.html"), html(results, tables));
    }

    static String header(Results results) {
        return "Machine: " + results.machine + "\n\nCommand: `" + results.command + "`\n\nRun time: "
                + String.format(Locale.ROOT, "%.0f s", results.seconds) + ". " + results.notes + "\n\nValidity: "
                + (results.errors() == 0
                        ? "every reply was checked and none was wrong or missing."
                        : "**INVALID: " + results.errors()
                                + " replies were wrong or missing; these figures do not count.**")
                + (results.problems.isEmpty() ? "" : "\n\n" + String.join("\n\n", results.problems));
    }

    static String markdown(Results results, List<Table> tables) {
        var md = new StringBuilder("# OpenEnv4j bench report\n\n")
                .append(header(results))
                .append("\n");
        for (Table table : tables) {
            md.append("\n## ").append(table.title()).append("\n\n");
            md.append("| ").append(String.join(" | ", table.header())).append(" |\n");
            md.append("|").append("---|".repeat(table.header().size())).append("\n");
            for (List<String> row : table.rows()) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            if (table.note() != null) {
                md.append("\n").append(table.note()).append("\n");
            }
        }
        return md.toString();
    }

    static String html(Results results, List<Table> tables) {
        var html = new StringBuilder(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>OpenEnv4j bench report</title>"
                        + "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}svg{margin:1em 0;display:block}</style>"
                        + "</head><body><h1>OpenEnv4j bench report</h1>");
        for (String paragraph : header(results).split("\n\n")) {
            html.append("<p>").append(Svg.escape(paragraph).replace("`", "")).append("</p>");
        }
        for (String chart : Charts.all(results)) {
            html.append(chart);
        }
        for (Table table : tables) {
            html.append("<h2>").append(Svg.escape(table.title())).append("</h2><table><tr>");
            table.header()
                    .forEach(
                            cell -> html.append("<th>").append(Svg.escape(cell)).append("</th>"));
            html.append("</tr>");
            for (List<String> row : table.rows()) {
                html.append("<tr>");
                row.forEach(cell -> html.append("<td>")
                        .append(Svg.escape(cell.replace("**", "")))
                        .append("</td>"));
                html.append("</tr>");
            }
            html.append("</table>");
            if (table.note() != null) {
                html.append("<p>").append(Svg.escape(table.note())).append("</p>");
            }
        }
        return html.append("</body></html>").toString();
    }

    /** The plots: latency percentiles by transport, ratios, capacity curve, throughput curve. */
    static final class Charts {
        private Charts() {}

        static List<String> all(Results r) {
            var charts = new ArrayList<String>();
            if (!r.latency.isEmpty()) {
                var labels = new ArrayList<>(r.latency.keySet());
                double[][] values = new double[labels.size()][];
                for (int i = 0; i < labels.size(); i++) {
                    String t = labels.get(i);
                    values[i] = new double[] {
                        r.median(t, Results.Stat::p50) / 1e3,
                        r.median(t, Results.Stat::p90) / 1e3,
                        r.median(t, Results.Stat::p99) / 1e3,
                        r.median(t, Results.Stat::p999) / 1e3
                    };
                }
                charts.add(Svg.bars(
                        "Step round trip by transport (median over rounds)",
                        labels,
                        List.of("p50", "p90", "p99", "p99.9"),
                        values,
                        "µs",
                        true));
                var ratioLabels = new ArrayList<String>();
                var ratios = new ArrayList<double[]>();
                for (String t : labels) {
                    if (t.startsWith("in-process") || t.equals(BenchRun.TCP)) {
                        continue;
                    }
                    ratioLabels.add(t);
                    ratios.add(new double[] {
                        r.medianRatio(t, BenchRun.TCP, Results.Stat::p50),
                        r.medianRatio(t, BenchRun.TCP, Results.Stat::p99)
                    });
                }
                charts.add(Svg.bars(
                        "Ratio to the raw TCP floor (same bytes, same run)",
                        ratioLabels,
                        List.of("p50", "p99"),
                        ratios.toArray(double[][]::new),
                        "× floor",
                        true));
                if (r.latency.containsKey(BenchRun.WS_REF)) {
                    charts.add(Svg.bars(
                            "OpenEnv4j / reference (lower is better)",
                            List.of(
                                    "WebSocket p50",
                                    "WebSocket p99",
                                    "WebSocket server CPU per step",
                                    "HTTP p50",
                                    "HTTP p99"),
                            List.of("ratio"),
                            new double[][] {
                                {r.medianRatio(BenchRun.WS, BenchRun.WS_REF, Results.Stat::p50)},
                                {r.medianRatio(BenchRun.WS, BenchRun.WS_REF, Results.Stat::p99)},
                                {r.medianRatio(BenchRun.WS, BenchRun.WS_REF, Results.Stat::cpuPerStep)},
                                {r.medianRatio(BenchRun.HTTP, BenchRun.HTTP_REF, Results.Stat::p50)},
                                {r.medianRatio(BenchRun.HTTP, BenchRun.HTTP_REF, Results.Stat::p99)}
                            },
                            "×",
                            true));
                }
            }
            if (!r.capacity.isEmpty()) {
                var success = new ArrayList<Svg.Series>();
                var p99 = new ArrayList<Svg.Series>();
                for (String server : List.of(BenchRun.JAVA, BenchRun.JAVA_LOOP, BenchRun.REFERENCE)) {
                    var ok = new ArrayList<double[]>();
                    var lat = new ArrayList<double[]>();
                    r.capacity.stream().filter(c -> c.server().equals(server)).forEach(c -> {
                        ok.add(new double[] {c.batch().size(), c.batch().successRate() * 100});
                        lat.add(new double[] {
                            c.batch().size(), c.batch().total().percentile(99) / 1e6
                        });
                    });
                    if (!ok.isEmpty()) {
                        success.add(new Svg.Series(server + " success %", ok));
                        p99.add(new Svg.Series(server + " p99 session", lat));
                    }
                }
                charts.add(Svg.lines(
                        "Capacity: success by concurrent sessions (connect, reset, 1 s step, close)",
                        "concurrent sessions",
                        "% succeeded",
                        success,
                        true,
                        false));
                charts.add(Svg.lines(
                        "Capacity: p99 of a whole session (connect to closed)",
                        "concurrent sessions",
                        "ms",
                        p99,
                        true,
                        true));
            }
            if (!r.rates.isEmpty()) {
                var series = new ArrayList<Svg.Series>();
                for (String server : List.of(BenchRun.JAVA, BenchRun.JAVA_LOOP, BenchRun.REFERENCE)) {
                    var points = new ArrayList<double[]>();
                    r.rates.stream()
                            .filter(rate -> rate.server().equals(server))
                            .forEach(rate -> points.add(new double[] {rate.achieved(), rate.p99() / 1e3}));
                    if (!points.isEmpty()) {
                        series.add(new Svg.Series(server + " p99", points));
                    }
                }
                charts.add(Svg.lines(
                        "Open-loop throughput: p99 from intended send time by achieved rate",
                        "steps/s",
                        "µs",
                        series,
                        true,
                        true));
            }
            return charts;
        }
    }
}
