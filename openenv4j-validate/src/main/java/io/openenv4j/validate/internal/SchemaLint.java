package io.openenv4j.validate.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schema (draft 2020-12 and draft-07 keywords) checked two ways: whether a schema document is
 * well-formed (keywords carry values of the right kind, local {@code $ref}s resolve), and whether an
 * instance conforms to a schema (types, required and additional properties, items, enum and const,
 * combinators, bounds). Not a full validator: formats and the rarer keywords are not judged.
 */
final class SchemaLint {

    private static final Set<String> TYPES =
            Set.of("null", "boolean", "object", "array", "number", "string", "integer");
    private static final Set<String> SCHEMA_MAPS =
            Set.of("properties", "$defs", "definitions", "patternProperties", "dependentSchemas");
    private static final Set<String> SCHEMA_LISTS = Set.of("anyOf", "oneOf", "allOf", "prefixItems");
    private static final Set<String> SCHEMAS = Set.of(
            "additionalProperties",
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "unevaluatedProperties",
            "unevaluatedItems",
            "additionalItems");
    private static final Set<String> COUNTS = Set.of(
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
            "minContains",
            "maxContains");
    private static final Set<String> NUMBERS =
            Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");
    private static final Set<String> STRINGS = Set.of(
            "title",
            "description",
            "format",
            "$id",
            "$schema",
            "$comment",
            "contentMediaType",
            "contentEncoding",
            "$anchor");

    private SchemaLint() {}

    /** The problems of a tool schema (must be an object schema of type "object"); empty when well-formed. */
    static List<String> objectSchemaProblems(JsonNode schema) {
        var problems = new ArrayList<String>();
        if (schema == null || !schema.isObject()) {
            problems.add("schema is " + (schema == null || schema.isMissingNode() ? "missing" : schema.getNodeType())
                    + ", not an object");
            return problems;
        }
        if (!"object".equals(schema.path("type").asString(""))) {
            problems.add("root type is " + schema.path("type") + ", expected \"object\"");
        }
        lint(schema, schema, "#", problems, 0);
        return problems;
    }

    private static void lint(JsonNode root, JsonNode schema, String at, List<String> problems, int depth) {
        if (depth > 32 || problems.size() > 20) {
            return;
        }
        if (schema.isBoolean()) {
            return;
        }
        if (!schema.isObject()) {
            problems.add(at + ": a schema must be an object or a boolean, got " + schema.getNodeType());
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            if (type.isString()) {
                if (!TYPES.contains(type.asString())) {
                    problems.add(at + "/type: unknown type " + type);
                }
            } else if (type.isArray() && !type.isEmpty()) {
                var seen = new HashSet<String>();
                for (JsonNode t : type) {
                    if (!t.isString() || !TYPES.contains(t.asString()) || !seen.add(t.asString())) {
                        problems.add(at + "/type: bad or repeated type " + t);
                    }
                }
            } else {
                problems.add(at + "/type: must be a type name or a non-empty array of them, got " + type);
            }
        }
        for (String name : schema.propertyNames()) {
            JsonNode value = schema.get(name);
            String here = at + "/" + name;
            if (SCHEMA_MAPS.contains(name)) {
                if (!value.isObject()) {
                    problems.add(here + ": must be an object of schemas");
                } else {
                    for (String key : value.propertyNames()) {
                        lint(root, value.get(key), here + "/" + key, problems, depth + 1);
                    }
                }
            } else if (SCHEMA_LISTS.contains(name)) {
                if (!value.isArray() || value.isEmpty()) {
                    problems.add(here + ": must be a non-empty array of schemas");
                } else {
                    for (int i = 0; i < value.size(); i++) {
                        lint(root, value.get(i), here + "/" + i, problems, depth + 1);
                    }
                }
            } else if (SCHEMAS.contains(name)) {
                lint(root, value, here, problems, depth + 1);
            } else if (name.equals("items")) {
                if (value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        lint(root, value.get(i), here + "/" + i, problems, depth + 1);
                    }
                } else {
                    lint(root, value, here, problems, depth + 1);
                }
            } else if (name.equals("required")) {
                var seen = new HashSet<String>();
                if (!value.isArray()) {
                    problems.add(here + ": must be an array of strings, got " + value.getNodeType());
                } else {
                    for (JsonNode item : value) {
                        if (!item.isString() || !seen.add(item.asString())) {
                            problems.add(here + ": bad or repeated entry " + item);
                        }
                    }
                }
            } else if (name.equals("enum")) {
                if (!value.isArray()) {
                    problems.add(here + ": must be an array");
                }
            } else if (COUNTS.contains(name)) {
                if (!value.isIntegralNumber() || value.asLong() < 0) {
                    problems.add(here + ": must be a non-negative integer, got " + value);
                }
            } else if (NUMBERS.contains(name)) {
                if (!value.isNumber() && !(value.isBoolean() && name.startsWith("exclusive"))) {
                    problems.add(here + ": must be a number, got " + value);
                }
            } else if (STRINGS.contains(name)) {
                if (!value.isString()) {
                    problems.add(here + ": must be a string, got " + value.getNodeType());
                }
            } else if (name.equals("pattern")) {
                try {
                    Pattern.compile(value.asString(""));
                } catch (PatternSyntaxException e) {
                    problems.add(here + ": not a regular expression: " + e.getDescription());
                }
            } else if (name.equals("$ref")) {
                if (!value.isString()) {
                    problems.add(here + ": must be a string");
                } else if (value.asString().startsWith("#") && resolve(root, value.asString()) == null) {
                    problems.add(here + ": " + value.asString() + " does not resolve");
                }
            }
        }
        if (schema.path("required").isArray()
                && schema.path("properties").isObject()
                && "false".equals(schema.path("additionalProperties").toString())) {
            for (JsonNode required : schema.get("required")) {
                if (!schema.get("properties").has(required.asString(""))) {
                    problems.add(at + "/required: '" + required.asString("") + "' is required but cannot be given"
                            + " (not in properties, additionalProperties false)");
                }
            }
        }
    }

    /** A local JSON pointer ({@code #/$defs/x}) in {@code root}, or null. */
    static JsonNode resolve(JsonNode root, String ref) {
        if (ref.equals("#")) {
            return root;
        }
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode node = root;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part.replace("~1", "/").replace("~0", "~"));
            if (node.isMissingNode()) {
                return null;
            }
        }
        return node;
    }

    /** Why {@code instance} does not conform to {@code schema}, or an empty list. */
    static List<String> conformance(JsonNode root, JsonNode schema, JsonNode instance) {
        var problems = new ArrayList<String>();
        conform(root, schema, instance, "$", problems, 0);
        return problems;
    }

    private static void conform(
            JsonNode root, JsonNode schema, JsonNode value, String at, List<String> problems, int depth) {
        if (depth > 32 || problems.size() > 10 || schema == null || !schema.isObject()) {
            if (schema != null && schema.isBoolean() && !schema.asBoolean()) {
                problems.add(at + ": not allowed");
            }
            return;
        }
        if (schema.has("$ref")) {
            JsonNode target = resolve(root, schema.get("$ref").asString(""));
            if (target != null) {
                conform(root, target, value, at, problems, depth + 1);
            }
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            boolean fits = false;
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                fits |= fits(t.asString(""), value);
            }
            if (!fits) {
                problems.add(at + ": " + value.getNodeType() + " where " + type + " is declared");
                return;
            }
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(at + ": " + value + " is not the const " + schema.get("const"));
        }
        if (schema.path("enum").isArray()) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.equals(value);
            }
            if (!listed) {
                problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isNumber()) {
            if (schema.path("minimum").isNumber()
                    && value.asDouble() < schema.get("minimum").asDouble()) {
                problems.add(at + ": " + value + " below minimum " + schema.get("minimum"));
            }
            if (schema.path("maximum").isNumber()
                    && value.asDouble() > schema.get("maximum").asDouble()) {
                problems.add(at + ": " + value + " above maximum " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asString(""))) {
                    problems.add(at + ": required '" + required.asString("") + "' missing");
                }
            }
            JsonNode properties = schema.path("properties");
            for (String name : value.propertyNames()) {
                if (properties.has(name)) {
                    conform(root, properties.get(name), value.get(name), at + "." + name, problems, depth + 1);
                } else if (schema.path("additionalProperties").isObject()) {
                    conform(
                            root,
                            schema.get("additionalProperties"),
                            value.get(name),
                            at + "." + name,
                            problems,
                            depth + 1);
                } else if ("false".equals(schema.path("additionalProperties").toString())) {
                    problems.add(at + ": '" + name + "' is not declared (additionalProperties false)");
                }
            }
        }
        if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                conform(root, schema.get("items"), value.get(i), at + "[" + i + "]", problems, depth + 1);
            }
        }
        for (JsonNode part : schema.path("allOf")) {
            conform(root, part, value, at, problems, depth + 1);
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            JsonNode variants = schema.path(combinator);
            if (variants.isArray() && !variants.isEmpty()) {
                boolean any = false;
                for (JsonNode variant : variants) {
                    any |= conformance(root, variant, value).isEmpty();
                }
                if (!any) {
                    problems.add(at + ": matches none of " + combinator);
                }
            }
        }
    }

    private static boolean fits(String type, JsonNode value) {
        return switch (type) {
            case "null" -> value.isNull();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" ->
                value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            default -> true;
        };
    }
}
