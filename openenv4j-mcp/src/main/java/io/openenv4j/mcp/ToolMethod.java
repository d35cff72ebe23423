package io.openenv4j.mcp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a tools object as a tool; {@link Toolbox#of(Object...)} and {@link
 * Toolbox.Builder#tools(Object)} collect them.
 *
 * <pre>{@code
 * final class CalculatorTools {
 *     @ToolMethod(description = "Adds two integers.")
 *     public long add(long a, long b) { return a + b; }
 *
 *     @ToolMethod(description = "Greets someone.")
 *     public Greeting greet(@ToolArg(required = true) @Description("Who to greet") String name) { … }
 * }
 * }</pre>
 *
 * <p>The tool's input schema is generated from the parameter types (records, lists, maps, enums, strings,
 * numbers, booleans; nested records under {@code $defs}); arguments are checked and coerced with the
 * reference's lax rules before the method runs, and unknown arguments are refused. A parameter is required
 * when it is primitive or annotated {@code @ToolArg(required = true)} (and must then not be {@code null});
 * an optional one that is absent is {@code null}. Parameters are named by {@link ToolArg#value()} or, when the class is compiled with {@code
 * -parameters}, by their names in snake_case.
 *
 * <p>The return value becomes the result: a record (or map) is the structured content and its JSON the text
 * content; a string, number, boolean, enum or list is the text content and is wrapped as {@code {"result":
 * value}} in the structured content; a {@link io.openenv4j.core.ToolResult} is used as it is; {@code void}
 * gives an empty result. The output schema follows from the return type where it allows one. An exception
 * thrown by the method becomes an error result ({@code isError}), except {@link
 * io.openenv4j.core.ToolCallException}, which reports that the call could not be made.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolMethod {

    /** The tool's name; by default the method's name in snake_case ({@code echoMessage} → {@code echo_message}). */
    String name() default "";

    /** What the tool does, for the agent. */
    String description();
}
