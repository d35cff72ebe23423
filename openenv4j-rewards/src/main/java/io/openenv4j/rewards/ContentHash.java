package io.openenv4j.rewards;

import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The idempotency key of scoring one trajectory with one rubric version. */
final class ContentHash {

    private ContentHash() {}

    static String of(Rubric rubric, Trajectory trajectory) {
        Object plain = canonical(WireJson.toPlain(
                WireJson.mapper().valueToTree(new Trajectory(null, trajectory.steps(), trajectory.outcome()))));
        return LlmJudgeRubric.sha256(rubric.name() + "\u0000" + rubric.version() + "\u0000" + WireJson.write(plain));
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            var sorted = new TreeMap<String, Object>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            var out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(canonical(v)));
            return out;
        }
        if (value instanceof Number n && !(value instanceof Double || value instanceof Float)) {
            return n.doubleValue() == Math.rint(n.doubleValue()) ? (Object) n.longValue() : n;
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        return value;
    }
}
