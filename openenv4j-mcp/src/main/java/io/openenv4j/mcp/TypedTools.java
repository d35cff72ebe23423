package io.openenv4j.mcp;

import io.openenv4j.core.Description;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolResult;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.JsonBinding;
import io.openenv4j.wire.JsonSchemas;
import io.openenv4j.wire.ValidationIssue;
import io.openenv4j.wire.WireJson;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tools whose arguments and results are Java types: the reflection behind {@link ToolMethod} and the typed
 * builder methods of {@link Toolbox}. Builds the input schema from the argument types, binds and checks
 * arguments before the code runs, and derives the output schema from the result type.
 */
final class TypedTools {

    private TypedTools() {}

    /** One argument: its wire name, Java type, description and whether it must be given. */
    record Param(String name, Type type, String description, boolean required) {}

    /** Runs the tool's code with bound arguments. */
    @FunctionalInterface
    interface Body {
        Object run(Object[] arguments) throws Exception;
    }

    /** A typed tool: its description and how to run it. */
    record Typed(Tool tool, List<Param> params, Body body, boolean promisesStructured) implements Toolbox.Invoker {

        @Override
        public ToolResult invoke(Map<String, Object> arguments) throws ToolCallException {
            Object[] bound = bind(tool.name(), params, arguments);
            Object value;
            try {
                value = body.run(bound);
            } catch (ToolCallException e) {
                throw e;
            } catch (Exception e) {
                return Toolbox.failure(tool.name(), e);
            }
            if (value == null && promisesStructured) {
                return ToolResult.error("Error calling tool '" + tool.name()
                        + "': it returned no value, but its output schema promises one");
            }
            return Toolbox.shape(value);
        }
    }

    /** Every {@link ToolMethod} of {@code target}'s class and its superclasses, by tool name. */
    static List<Typed> scan(Object target) {
        var found = new ArrayList<Typed>();
        var names = new java.util.HashSet<String>();
        for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                ToolMethod annotation = method.getAnnotation(ToolMethod.class);
                if (annotation == null || method.isBridge() || method.isSynthetic()) {
                    continue;
                }
                Typed typed = fromMethod(target, method, annotation);
                if (names.add(typed.tool().name())) {
                    found.add(typed);
                }
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException(target.getClass().getName() + " has no @ToolMethod methods");
        }
        found.sort(java.util.Comparator.comparing(typed -> typed.tool().name()));
        return found;
    }

    private static Typed fromMethod(Object target, Method method, ToolMethod annotation) {
        String name = annotation.name().isEmpty() ? WireJson.wireName(method.getName()) : annotation.name();
        var params = new ArrayList<Param>();
        for (Parameter parameter : method.getParameters()) {
            ToolArg arg = parameter.getAnnotation(ToolArg.class);
            String argName;
            if (arg != null && !arg.value().isEmpty()) {
                argName = arg.value();
            } else if (parameter.isNamePresent()) {
                argName = WireJson.wireName(parameter.getName());
            } else {
                throw new IllegalArgumentException("cannot name parameter " + parameter.getName() + " of tool method "
                        + method + ": compile with -parameters or annotate it with @ToolArg(\"name\")");
            }
            Description description = parameter.getAnnotation(Description.class);
            params.add(new Param(
                    argName,
                    parameter.getParameterizedType(),
                    description == null ? null : description.value(),
                    parameter.getType().isPrimitive() || (arg != null && arg.required())));
        }
        method.setAccessible(true);
        Object receiver = Modifier.isStatic(method.getModifiers()) ? null : target;
        Body body = arguments -> {
            try {
                return method.invoke(receiver, arguments);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        };
        return typed(name, annotation.description(), params, method.getGenericReturnType(), body);
    }

    /** A tool taking its arguments as one record. */
    static <R extends Record> Typed fromRecord(
            String name, String description, Class<R> argumentsType, Type resultType, Toolbox.TypedHandler<R> handler) {
        var params = new ArrayList<Param>();
        RecordComponent[] components = argumentsType.getRecordComponents();
        var types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            ToolArg arg = component.getAnnotation(ToolArg.class);
            Description doc = component.getAnnotation(Description.class);
            String argName =
                    arg != null && !arg.value().isEmpty() ? arg.value() : WireJson.wireName(component.getName());
            params.add(new Param(
                    argName,
                    component.getGenericType(),
                    doc == null ? null : doc.value(),
                    component.getType().isPrimitive() || (arg != null && arg.required())));
            types[i] = component.getType();
        }
        Constructor<R> constructor;
        try {
            constructor = argumentsType.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no canonical constructor in " + argumentsType, e);
        }
        Body body = arguments -> {
            R record;
            try {
                record = constructor.newInstance(arguments);
            } catch (InvocationTargetException e) {
                // The record's own constructor refused the values: the arguments are invalid.
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw ToolCallException.invalidArguments("Invalid arguments for tool '" + name + "': "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
            }
            return handler.call(record);
        };
        return typed(name, description, params, resultType == null ? Object.class : resultType, body);
    }

    private static Typed typed(String name, String description, List<Param> params, Type resultType, Body body) {
        var properties = params.stream()
                .map(p -> new JsonSchemas.Property(p.name(), p.type(), p.description(), p.required()))
                .toList();
        @SuppressWarnings("unchecked")
        Map<String, Object> input = (Map<String, Object>)
                WireJson.toPlain(JsonSchemas.object(properties, JsonSchemas.UnknownKeys.FORBIDDEN));
        Map<String, Object> output = outputSchema(resultType);
        return new Typed(new Tool(name, description, input, output), List.copyOf(params), body, output != null);
    }

    /** The schema of the structured content a result type gives, or {@code null} when it promises none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> outputSchema(Type type) {
        Class<?> raw = raw(type);
        if (raw == void.class
                || raw == Void.class
                || raw == Object.class
                || raw == ToolResult.class
                || JsonNode.class.isAssignableFrom(raw)) {
            return null;
        }
        if (raw.isRecord() || Map.class.isAssignableFrom(raw)) {
            return (Map<String, Object>) WireJson.toPlain(JsonSchemas.of(type, JsonSchemas.UnknownKeys.ALLOWED));
        }
        if (raw.isPrimitive()
                || raw.isEnum()
                || Number.class.isAssignableFrom(raw)
                || raw == String.class
                || raw == Boolean.class
                || raw == Character.class
                || Collection.class.isAssignableFrom(raw)) {
            return (Map<String, Object>) WireJson.toPlain(JsonSchemas.object(
                    List.of(new JsonSchemas.Property("result", type, null, true)), JsonSchemas.UnknownKeys.ALLOWED));
        }
        return null;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    /** The bound arguments, in parameter order; every problem is reported at once. */
    static Object[] bind(String tool, List<Param> params, Map<String, Object> arguments) throws ToolCallException {
        // Bound from the tree: the one MCP serving hands over ({@link JsonObjectMap}), or the map's.
        ObjectNode args = arguments == null
                ? WireJson.object()
                : JsonObjectMap.treeOf(arguments) != null
                        ? JsonObjectMap.treeOf(arguments)
                        : WireJson.mapper().valueToTree(arguments);
        var problems = new ArrayList<String>();
        var known = new java.util.HashSet<String>();
        var bound = new Object[params.size()];
        for (int i = 0; i < params.size(); i++) {
            Param param = params.get(i);
            known.add(param.name());
            JsonNode value = args.get(param.name());
            if (value == null) {
                if (param.required()) {
                    problems.add("'" + param.name() + "': Missing required argument");
                }
                continue;
            }
            if (value.isNull() && param.required()) {
                problems.add("'" + param.name() + "': Input should not be null");
                continue;
            }
            try {
                bound[i] = JsonBinding.bind(value, param.type());
            } catch (InvalidInputException e) {
                for (ValidationIssue issue : e.issues()) {
                    problems.add("'" + location(param.name(), issue.loc()) + "': " + issue.msg());
                }
            }
        }
        for (String key : args.propertyNames()) {
            if (!known.contains(key)) {
                problems.add("'" + key + "': Unexpected keyword argument");
            }
        }
        if (!problems.isEmpty()) {
            throw ToolCallException.invalidArguments(
                    "Invalid arguments for tool '" + tool + "': " + String.join("; ", problems));
        }
        return bound;
    }

    private static String location(String name, List<Object> loc) {
        var out = new StringBuilder(name);
        for (Object part : loc) {
            if (part instanceof Number) {
                out.append('[').append(part).append(']');
            } else {
                out.append('.').append(part);
            }
        }
        return out.toString();
    }
}
