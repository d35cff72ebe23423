package io.openenv4j.validate.internal;

import java.util.List;
import java.util.Locale;

/** Small inline SVG plots for the HTML report; no scripts, no external assets. */
final class Svg {

    private static final int WIDTH = 420;
    private static final int HEIGHT = 220;
    private static final int PAD = 36;

    private Svg() {}

    /** A histogram of {@code values} (20 bins), with {@code marks} drawn as red ticks (oracle returns). */
    static String histogram(String title, List<Double> values, List<Double> marks) {
        double min = Math.min(stat(values, true), marks.isEmpty() ? Double.POSITIVE_INFINITY : stat(marks, true));
        double max = Math.max(stat(values, false), marks.isEmpty() ? Double.NEGATIVE_INFINITY : stat(marks, false));
        if (max <= min) {
            max = min + 1;
        }
        int bins = 20;
        int[] counts = new int[bins];
        for (double value : values) {
            counts[Math.min(bins - 1, (int) ((value - min) / (max - min) * bins))]++;
        }
        int top = 1;
        for (int count : counts) {
            top = Math.max(top, count);
        }
        var svg = open(title);
        double barWidth = (WIDTH - 2.0 * PAD) / bins;
        for (int i = 0; i < bins; i++) {
            double h = (HEIGHT - 2.0 * PAD) * counts[i] / top;
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4c78a8\"/>",
                    PAD + i * barWidth,
                    HEIGHT - PAD - h,
                    barWidth - 1,
                    h));
        }
        for (double mark : marks) {
            double x = PAD + (mark - min) / (max - min) * (WIDTH - 2.0 * PAD);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#e45756\"/>",
                    x,
                    x,
                    PAD,
                    HEIGHT - PAD));
        }
        axes(svg, min, max, 0, top);
        return close(svg, "blue: random-policy returns, red: oracle returns");
    }

    /** One or two line series over their index. */
    static String lines(String title, List<Double> first, List<Double> second) {
        double min = Math.min(stat(first, true), second.isEmpty() ? Double.POSITIVE_INFINITY : stat(second, true));
        double max = Math.max(stat(first, false), second.isEmpty() ? Double.NEGATIVE_INFINITY : stat(second, false));
        if (max <= min) {
            max = min + 1;
        }
        var svg = open(title);
        polyline(svg, first, min, max, "#4c78a8");
        if (!second.isEmpty()) {
            polyline(svg, second, min, max, "#f58518");
        }
        axes(svg, 0, Math.max(1, first.size() - 1), min, max);
        return close(svg, second.isEmpty() ? "" : "blue: mean, orange: best so far");
    }

    private static void polyline(StringBuilder svg, List<Double> values, double min, double max, String colour) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"");
        int n = Math.max(1, values.size() - 1);
        for (int i = 0; i < values.size(); i++) {
            double x = PAD + (WIDTH - 2.0 * PAD) * i / n;
            double y = HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * (values.get(i) - min) / (max - min);
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        svg.append("\"/>");
    }

    private static StringBuilder open(String title) {
        return new StringBuilder("<figure><figcaption>")
                .append(ReportWriters.escape(title))
                .append("</figcaption>")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\">");
    }

    private static void axes(StringBuilder svg, double xMin, double xMax, double yMin, double yMax) {
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                PAD,
                HEIGHT - PAD,
                WIDTH - PAD,
                HEIGHT - PAD,
                PAD,
                PAD,
                PAD,
                HEIGHT - PAD));
        text(svg, PAD, HEIGHT - PAD + 14, ReportWriters.format(xMin));
        text(svg, WIDTH - PAD - 20, HEIGHT - PAD + 14, ReportWriters.format(xMax));
        text(svg, 2, HEIGHT - PAD, ReportWriters.format(yMin));
        text(svg, 2, PAD + 4, ReportWriters.format(yMax));
    }

    private static void text(StringBuilder svg, int x, int y, String text) {
        svg.append("<text x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" font-size=\"10\">")
                .append(ReportWriters.escape(text))
                .append("</text>");
    }

    private static String close(StringBuilder svg, String legend) {
        return svg.append("</svg>")
                .append(legend.isEmpty() ? "" : "<div style=\"font-size:11px\">" + legend + "</div>")
                .append("</figure>")
                .toString();
    }

    private static double stat(List<Double> values, boolean min) {
        return values.stream()
                .mapToDouble(Double::doubleValue)
                .reduce(min ? Math::min : Math::max)
                .orElse(0);
    }
}
