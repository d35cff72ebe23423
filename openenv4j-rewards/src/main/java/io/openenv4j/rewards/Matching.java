package io.openenv4j.rewards;

import java.util.Locale;

/** How {@link Rubrics#exactMatch} compares text. */
public enum Matching {
    /** Equal values ({@code Objects.equals}, numbers compared by value). */
    EXACT,
    /** Equal after trimming surrounding whitespace and ignoring case. */
    TRIMMED_IGNORE_CASE;

    boolean matches(Object actual, Object expected) {
        if (actual == null || expected == null) {
            return actual == expected;
        }
        if (actual instanceof Number a && expected instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        return switch (this) {
            case EXACT -> actual.equals(expected);
            case TRIMMED_IGNORE_CASE -> norm(actual).equals(norm(expected));
        };
    }

    private static String norm(Object value) {
        return value.toString().strip().toLowerCase(Locale.ROOT);
    }
}
