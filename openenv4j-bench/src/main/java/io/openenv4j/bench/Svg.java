package io.openenv4j.bench;

import java.util.List;
import java.util.Locale;

/** Small self-contained SVG charts for the HTML report (no scripts, no external resources). */
final class Svg {

    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};

    private Svg() {}

    /** One named series of (x, y) points. */
    record Series(String name, List<double[]> points) {}

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String f(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * Horizontal grouped bars: one group per label, one bar per series; log scale when {@code log}. NaN
     * values are left out.
     */
    static String bars(
            String title, List<String> labels, List<String> series, double[][] values, String unit, boolean log) {
        int barHeight = 12;
        int groupHeight = barHeight * series.size() + 10;
        int left = 300;
        int width = 900;
        int plot = width - left - 80;
        int height = 40 + groupHeight * labels.size() + 30;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v) && v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (max == 0) {
            max = 1;
            min = 1;
        }
        double lo = log ? Math.pow(10, Math.floor(Math.log10(min))) : 0;
        double hi = log ? Math.pow(10, Math.ceil(Math.log10(max))) : max * 1.1;
        var svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.append("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(title))
                .append("</text>");
        for (int s = 0; s < series.size(); s++) {
            svg.append("<rect x=\"")
                    .append(left + s * 110)
                    .append("\" y=\"26\" width=\"10\" height=\"10\" fill=\"")
                    .append(COLORS[s % COLORS.length])
                    .append("\"/><text x=\"")
                    .append(left + s * 110 + 14)
                    .append("\" y=\"35\">")
                    .append(escape(series.get(s)))
                    .append("</text>");
        }
        for (int g = 0; g < labels.size(); g++) {
            int y0 = 44 + g * groupHeight;
            svg.append("<text x=\"")
                    .append(left - 6)
                    .append("\" y=\"")
                    .append(y0 + groupHeight / 2)
                    .append("\" text-anchor=\"end\">")
                    .append(escape(labels.get(g)))
                    .append("</text>");
            for (int s = 0; s < series.size(); s++) {
                double v = values[g][s];
                if (Double.isNaN(v) || v <= 0) {
                    continue;
                }
                double fraction = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : v / hi;
                int w = (int) Math.max(1, fraction * plot);
                int y = y0 + s * barHeight;
                svg.append("<rect x=\"")
                        .append(left)
                        .append("\" y=\"")
                        .append(y)
                        .append("\" width=\"")
                        .append(w)
                        .append("\" height=\"")
                        .append(barHeight - 2)
                        .append("\" fill=\"")
                        .append(COLORS[s % COLORS.length])
                        .append("\"><title>")
                        .append(escape(labels.get(g) + " " + series.get(s) + ": " + f(v) + " " + unit))
                        .append("</title></rect><text x=\"")
                        .append(left + w + 4)
                        .append("\" y=\"")
                        .append(y + barHeight - 3)
                        .append("\">")
                        .append(f(v))
                        .append("</text>");
            }
        }
        int axisY = height - 20;
        svg.append("<line x1=\"")
                .append(left)
                .append("\" y1=\"")
                .append(axisY)
                .append("\" x2=\"")
                .append(left + plot)
                .append("\" y2=\"")
                .append(axisY)
                .append("\" stroke=\"#888\"/>");
        svg.append("<text x=\"")
                .append(left)
                .append("\" y=\"")
                .append(axisY + 14)
                .append("\">")
                .append(f(lo))
                .append("</text>");
        svg.append("<text x=\"")
                .append(left + plot)
                .append("\" y=\"")
                .append(axisY + 14)
                .append("\" text-anchor=\"end\">")
                .append(f(hi))
                .append(" ")
                .append(escape(unit))
                .append(log ? " (log scale)" : "")
                .append("</text>");
        return svg.append("</svg>").toString();
    }

    /** A line chart with log-2 x when {@code logX} and log-10 y when {@code logY}. */
    static String lines(String title, String xUnit, String yUnit, List<Series> series, boolean logX, boolean logY) {
        int width = 900;
        int height = 360;
        int left = 70;
        int top = 40;
        int plotW = width - left - 30;
        int plotH = height - top - 50;
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (p[1] <= 0 && logY) {
                    continue;
                }
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        if (minX == Double.MAX_VALUE) {
            minX = 1;
            maxX = 2;
            minY = 1;
            maxY = 2;
        }
        if (maxX == minX) {
            maxX = minX * 2 + 1;
        }
        double y0 = logY ? Math.pow(10, Math.floor(Math.log10(minY))) : 0;
        double y1 = logY ? Math.pow(10, Math.ceil(Math.log10(maxY))) : maxY * 1.1;
        if (y1 == y0) {
            y1 = y0 * 10 + 1;
        }
        final double fx0 = logX ? Math.log(minX) : minX, fx1 = logX ? Math.log(maxX) : maxX;
        final double fy0 = logY ? Math.log10(y0) : y0, fy1 = logY ? Math.log10(y1) : y1;
        var svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.append("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(title))
                .append("</text>");
        svg.append("<rect x=\"")
                .append(left)
                .append("\" y=\"")
                .append(top)
                .append("\" width=\"")
                .append(plotW)
                .append("\" height=\"")
                .append(plotH)
                .append("\" fill=\"none\" stroke=\"#888\"/>");
        for (int s = 0; s < series.size(); s++) {
            String color = COLORS[s % COLORS.length];
            svg.append("<rect x=\"")
                    .append(left + 10 + s * 200)
                    .append("\" y=\"24\" width=\"10\" height=\"10\" fill=\"")
                    .append(color)
                    .append("\"/><text x=\"")
                    .append(left + 24 + s * 200)
                    .append("\" y=\"33\">")
                    .append(escape(series.get(s).name()))
                    .append("</text>");
            var path = new StringBuilder();
            for (double[] p : series.get(s).points()) {
                if (logY && p[1] <= 0) {
                    continue;
                }
                double px = left + ((logX ? Math.log(p[0]) : p[0]) - fx0) / (fx1 - fx0) * plotW;
                double py = top + plotH - ((logY ? Math.log10(p[1]) : p[1]) - fy0) / (fy1 - fy0) * plotH;
                path.append(path.isEmpty() ? "M" : "L")
                        .append(f(px))
                        .append(",")
                        .append(f(py))
                        .append(" ");
                svg.append("<circle cx=\"")
                        .append(f(px))
                        .append("\" cy=\"")
                        .append(f(py))
                        .append("\" r=\"3\" fill=\"")
                        .append(color)
                        .append("\"><title>")
                        .append(escape(
                                series.get(s).name() + ": " + f(p[0]) + " " + xUnit + " → " + f(p[1]) + " " + yUnit))
                        .append("</title></circle>");
            }
            svg.append("<path d=\"")
                    .append(path)
                    .append("\" fill=\"none\" stroke=\"")
                    .append(color)
                    .append("\"/>");
        }
        svg.append("<text x=\"")
                .append(left)
                .append("\" y=\"")
                .append(top + plotH + 16)
                .append("\">")
                .append(f(minX))
                .append("</text>");
        svg.append("<text x=\"")
                .append(left + plotW)
                .append("\" y=\"")
                .append(top + plotH + 16)
                .append("\" text-anchor=\"end\">")
                .append(f(maxX))
                .append("</text>");
        svg.append("<text x=\"")
                .append(left + plotW / 2)
                .append("\" y=\"")
                .append(top + plotH + 34)
                .append("\" text-anchor=\"middle\">")
                .append(escape(xUnit))
                .append(logX ? " (log scale)" : "")
                .append("</text>");
        svg.append("<text x=\"")
                .append(left - 4)
                .append("\" y=\"")
                .append(top + plotH)
                .append("\" text-anchor=\"end\">")
                .append(f(y0))
                .append("</text>");
        svg.append("<text x=\"")
                .append(left - 4)
                .append("\" y=\"")
                .append(top + 10)
                .append("\" text-anchor=\"end\">")
                .append(f(y1))
                .append("</text>");
        svg.append("<text x=\"14\" y=\"")
                .append(top + plotH / 2)
                .append("\" transform=\"rotate(-90 14 ")
                .append(top + plotH / 2)
                .append(")\" text-anchor=\"middle\">")
                .append(escape(yUnit))
                .append(logY ? " (log)" : "")
                .append("</text>");
        return svg.append("</svg>").toString();
    }
}
