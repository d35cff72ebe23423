package io.openenv4j.tasks.hub;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line download progress bar on stderr, redrawn at most ten times a second. Not thread-safe. */
final class ProgressBar {

    private static final int WIDTH = 24;
    private final String label;
    private final PrintStream out;
    private final boolean enabled;
    private long total = -1;
    private long startBytes;
    private long startNanos;
    private long lastDraw;
    private long current;

    ProgressBar(String label, PrintStream out, boolean enabled) {
        this.label = label.length() > 40 ? "…" + label.substring(label.length() - 39) : label;
        this.out = out;
        this.enabled = enabled;
    }

    static ProgressBar forDownload(String label, HubOptions.Progress mode) {
        boolean on = switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> stderrIsTerminal();
        };
        return new ProgressBar(label, System.err, on);
    }

    /**
     * Whether the process talks to a terminal. From JDK 22 {@code System.console()} exists even when the
     * streams are redirected, and {@code Console.isTerminal()} (absent from the Java 21 API we compile
     * against) tells; on 21 a console exists only for a terminal.
     */
    private static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    void start(long totalBytes, long already) {
        this.total = totalBytes;
        this.startBytes = already;
        this.current = already;
        this.startNanos = System.nanoTime();
        draw(true);
    }

    void advance(long bytes) {
        current = bytes;
        draw(false);
    }

    void finish() {
        if (enabled) {
            draw(true);
            out.print('\n');
            out.flush();
        }
    }

    private void draw(boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
        double rate = (current - startBytes) / seconds;
        StringBuilder line = new StringBuilder("\r").append(label).append(' ');
        if (total > 0) {
            int filled = (int) (WIDTH * Math.min(1.0, (double) current / total));
            line.append('[')
                    .append("#".repeat(filled))
                    .append(" ".repeat(WIDTH - filled))
                    .append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", (int) (100.0 * current / total)))
                    .append(human(current))
                    .append('/')
                    .append(human(total));
        } else {
            line.append(human(current));
        }
        line.append(' ').append(human((long) rate)).append("/s");
        out.print(line);
        out.flush();
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
