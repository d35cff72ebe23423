package io.openenv4j.rewards;

import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds a {@link Rubric} from a declarative spec (JSON, or YAML read into plain values), for {@code
 * openenv4j rewards serve --rubric FILE}. Every object has a {@code type} and a {@code name}; the types and
 * their keys are listed in docs/rewards.md ("Rubric specs"). Unknown types and keys, missing keys and wrong
 * value types are refused with the offending location ({@code rubric.parts[1].rubric.actual}), so a typo never
 * becomes a rubric that quietly scores 0.
 *
 * <pre>{@code
 * {"type": "weighted_sum", "name": "total", "parts": [
 *   {"weight": 0.8, "rubric": {"type": "exact_match", "name": "solved",
 *                              "actual": "last.action.guess", "expected": "outcome.final_state.answer"}},
 *   {"weight": 0.2, "rubric": {"type": "regex", "name": "polite", "actual": "last.action.message", "pattern": "(?i)please"}}]}
 * }</pre>
 *
 * <p>An LLM judge reads its API key from the environment variable named by {@code api_key_env}, never from
 * the spec. Stateless and thread-safe.
 */
public final class RubricSpec {

    private static final Set<String> PATH_ROOTS = Set.of("outcome", "last", "steps", "id");

    private final Function<String, String> environment;

    private RubricSpec(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * The rubric {@code spec} (plain JSON values) describes.
     *
     * @param environment looks up environment variables (for {@code api_key_env}); {@code System::getenv} in production
     * @throws IllegalArgumentException naming the location of the first problem
     */
    public static Rubric parse(Object spec, Function<String, String> environment) {
        return new RubricSpec(environment).rubric(spec, "rubric");
    }

    /** The rubric of a JSON text. @throws IllegalArgumentException when it is not JSON or not a valid spec */
    public static Rubric parseJson(String json, Function<String, String> environment) {
        Object plain;
        try {
            plain = WireJson.toPlain(WireJson.parse(json));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the rubric spec is not valid JSON: " + e.getMessage(), e);
        }
        return parse(plain, environment);
    }

    private Rubric rubric(Object spec, String at) {
        Node node = new Node(object(spec, at), at);
        String type = node.string("type");
        String name = node.string("name");
        return switch (type) {
            case "exact_match" -> {
                node.only("type", "name", "actual", "expected", "expected_value", "matching");
                String matching = node.optionalString("matching", "exact");
                Matching mode = switch (matching) {
                    case "exact" -> Matching.EXACT;
                    case "trimmed_ignore_case" -> Matching.TRIMMED_IGNORE_CASE;
                    default ->
                        throw node.problem("matching", "must be exact or trimmed_ignore_case, got '" + matching + "'");
                };
                yield Rubrics.exactMatch(name, node.selector("actual"), node.expected(), mode);
            }
            case "numeric_tolerance" -> {
                node.only("type", "name", "actual", "expected", "expected_value", "absolute", "relative");
                yield Rubrics.numericTolerance(
                        name,
                        node.selector("actual"),
                        node.expected(),
                        node.optionalNumber("absolute", 0),
                        node.optionalNumber("relative", 0));
            }
            case "regex" -> {
                node.only("type", "name", "actual", "pattern");
                String pattern = node.string("pattern");
                try {
                    yield Rubrics.regex(name, node.selector("actual"), Pattern.compile(pattern));
                } catch (PatternSyntaxException e) {
                    throw node.problem("pattern", "is not a valid regular expression: " + e.getDescription());
                }
            }
            case "json_schema" -> {
                node.only("type", "name", "actual", "schema");
                yield Rubrics.jsonSchema(
                        name, node.selector("actual"), object(node.required("schema"), at + ".schema"));
            }
            case "value" -> {
                node.only("type", "name", "actual");
                Selector actual = node.selector("actual");
                String path = node.string("actual");
                yield Rubric.of(name, t -> {
                    Object value = actual.select(t);
                    if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
                        return number.doubleValue();
                    }
                    throw new RubricException("rubric '" + name + "': " + path + " is not a number, got " + value);
                });
            }
            case "llm_judge" -> llmJudge(node, name);
            case "weighted_sum" -> {
                node.only("type", "name", "parts");
                var parts = new ArrayList<Rubric>();
                var weights = new ArrayList<Double>();
                List<?> list = node.list("parts");
                for (int i = 0; i < list.size(); i++) {
                    String partAt = at + ".parts[" + i + "]";
                    Node part = new Node(object(list.get(i), partAt), partAt);
                    part.only("weight", "rubric");
                    weights.add(part.number("weight"));
                    parts.add(rubric(part.required("rubric"), partAt + ".rubric"));
                }
                yield Rubrics.weightedSum(name, parts, weights);
            }
            case "min", "max" -> {
                node.only("type", "name", "parts");
                List<Rubric> parts = rubrics(node, "parts");
                yield type.equals("min") ? Rubrics.min(name, parts) : Rubrics.max(name, parts);
            }
            case "gate" -> {
                node.only("type", "name", "must", "threshold", "then");
                yield Rubrics.gate(
                        name,
                        rubric(node.required("must"), at + ".must"),
                        node.number("threshold"),
                        rubric(node.required("then"), at + ".then"));
            }
            case "sequence" -> {
                node.only("type", "name", "threshold", "stages");
                yield Rubrics.sequence(name, node.number("threshold"), rubrics(node, "stages"));
            }
            case "normalise" -> {
                node.only("type", "name", "part", "low", "high");
                yield Rubrics.normalise(
                        name, rubric(node.required("part"), at + ".part"), node.number("low"), node.number("high"));
            }
            case "scale" -> {
                node.only("type", "name", "part", "factor");
                yield Rubrics.scale(name, rubric(node.required("part"), at + ".part"), node.number("factor"));
            }
            case "discounted" -> {
                node.only("type", "name", "step", "gamma");
                yield Rubrics.discounted(name, rubric(node.required("step"), at + ".step"), node.number("gamma"));
            }
            default ->
                throw node.problem(
                        "type",
                        "unknown rubric type '" + type + "'; known: value, exact_match,"
                                + " numeric_tolerance, regex, json_schema, llm_judge, weighted_sum, min, max, gate, sequence, normalise, scale, discounted");
        };
    }

    private Rubric llmJudge(Node node, String name) {
        node.only(
                "type",
                "name",
                "version",
                "endpoint",
                "model",
                "prompt",
                "system_prompt",
                "temperature",
                "max_tokens",
                "seed",
                "attempts",
                "timeout_ms",
                "backoff_ms",
                "max_score",
                "api_key_env");
        URI endpoint;
        try {
            endpoint = URI.create(node.string("endpoint"));
        } catch (IllegalArgumentException e) {
            throw node.problem("endpoint", "is not a URL: " + e.getMessage());
        }
        JudgeConfig defaults = JudgeConfig.of(endpoint, node.string("model"), node.string("prompt"));
        String keyVariable = node.optionalString("api_key_env", null);
        String apiKey = null;
        if (keyVariable != null) {
            apiKey = environment.apply(keyVariable);
            if (apiKey == null || apiKey.isBlank()) {
                throw node.problem("api_key_env", "names the variable " + keyVariable + ", which is not set");
            }
        }
        Object seed = node.map.get("seed");
        if (seed != null && !(seed instanceof Number)) {
            throw node.problem("seed", "must be an integer");
        }
        var config = new JudgeConfig(
                endpoint,
                defaults.model(),
                node.optionalString("system_prompt", defaults.systemPrompt()),
                defaults.promptTemplate(),
                node.optionalNumber("temperature", defaults.temperature()),
                (int) node.optionalNumber("max_tokens", defaults.maxTokens()),
                seed == null ? null : ((Number) seed).longValue(),
                (int) node.optionalNumber("attempts", defaults.attempts()),
                Duration.ofMillis((long)
                        node.optionalNumber("timeout_ms", defaults.timeout().toMillis())),
                Duration.ofMillis((long)
                        node.optionalNumber("backoff_ms", defaults.backoff().toMillis())),
                node.optionalNumber("max_score", defaults.maxScore()),
                apiKey,
                defaults.determinism());
        return LlmJudgeRubric.create(name, node.optionalString("version", "1"), config);
    }

    private List<Rubric> rubrics(Node node, String key) {
        var out = new ArrayList<Rubric>();
        List<?> list = node.list(key);
        for (int i = 0; i < list.size(); i++) {
            out.add(rubric(list.get(i), node.at + "." + key + "[" + i + "]"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String at) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(at + ": must be an object, got " + describe(value));
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value instanceof List ? "a list" : "'" + value + "'";
    }

    /** One spec object and where it sits, for messages. */
    private record Node(Map<String, Object> map, String at) {

        IllegalArgumentException problem(String key, String message) {
            return new IllegalArgumentException(at + "." + key + ": " + message);
        }

        void only(String... keys) {
            var allowed = Set.of(keys);
            for (String key : map.keySet()) {
                if (!allowed.contains(key)) {
                    throw problem(key, "unknown key; allowed: " + String.join(", ", keys));
                }
            }
        }

        Object required(String key) {
            Object value = map.get(key);
            if (value == null) {
                throw problem(key, "is required");
            }
            return value;
        }

        String string(String key) {
            if (!(required(key) instanceof String text) || text.isBlank()) {
                throw problem(key, "must be a non-empty string, got " + describe(map.get(key)));
            }
            return text;
        }

        String optionalString(String key, String fallback) {
            return map.get(key) == null ? fallback : string(key);
        }

        double number(String key) {
            if (!(required(key) instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                throw problem(key, "must be a number, got " + describe(map.get(key)));
            }
            return number.doubleValue();
        }

        double optionalNumber(String key, double fallback) {
            return map.get(key) == null ? fallback : number(key);
        }

        List<?> list(String key) {
            if (!(required(key) instanceof List<?> list) || list.isEmpty()) {
                throw problem(key, "must be a non-empty list, got " + describe(map.get(key)));
            }
            return list;
        }

        Selector selector(String key) {
            String path = string(key);
            if (!PATH_ROOTS.contains(path.split("\\.")[0])) {
                throw problem(key, "a path starts with outcome, last, steps or id, got '" + path + "'");
            }
            return Selector.path(path);
        }

        /** {@code expected} (a path) or {@code expected_value} (a constant), exactly one. */
        Selector expected() {
            boolean path = map.containsKey("expected");
            boolean constant = map.containsKey("expected_value");
            if (path == constant) {
                throw problem("expected", "give either expected (a path) or expected_value (a constant)");
            }
            return path ? selector("expected") : Selector.constant(map.get("expected_value"));
        }
    }
}
