package io.openenv4j.rewards;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How far repeated scoring of one trajectory may disagree: exactly never, within a variance bound, or by an
 * unknown amount (an LLM judge without a declared bound).
 *
 * @param kind exact, bounded or unknown
 * @param variance the bound on the score's variance for {@link Kind#BOUNDED}, {@code 0} for exact,
 *     {@code null} for unknown
 */
public record Determinism(Kind kind, Double variance) {

    /** The three cases. */
    public enum Kind {
        @JsonProperty("exact")
        EXACT,
        @JsonProperty("bounded")
        BOUNDED,
        @JsonProperty("unknown")
        UNKNOWN
    }

    private static final Determinism EXACT = new Determinism(Kind.EXACT, 0.0);
    private static final Determinism UNKNOWN = new Determinism(Kind.UNKNOWN, null);

    public Determinism {
        switch (kind) {
            case EXACT -> variance = 0.0;
            case UNKNOWN -> variance = null;
            case BOUNDED -> {
                if (variance == null || !(variance >= 0) || Double.isInfinite(variance)) {
                    throw new IllegalArgumentException(
                            "a bounded determinism needs a finite variance >= 0, got " + variance);
                }
            }
        }
    }

    public static Determinism exact() {
        return EXACT;
    }

    public static Determinism unknown() {
        return UNKNOWN;
    }

    public static Determinism varianceAtMost(double variance) {
        return variance == 0 ? EXACT : new Determinism(Kind.BOUNDED, variance);
    }

    @JsonIgnore
    public boolean isExact() {
        return kind == Kind.EXACT;
    }
}
