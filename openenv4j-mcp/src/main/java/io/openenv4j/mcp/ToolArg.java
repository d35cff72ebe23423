package io.openenv4j.mcp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a tool argument and says whether it is required: on a parameter of a {@link ToolMethod}, or on a
 * component of an arguments record given to {@link Toolbox.Builder#tool(String, String, Class,
 * Toolbox.TypedHandler)}. Describe the argument with {@link io.openenv4j.core.Description}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface ToolArg {

    /** The argument's name; by default the parameter's (or component's) name in snake_case. */
    String value() default "";

    /** Whether the argument must be given; primitive arguments always must. */
    boolean required() default false;
}
