package io.openenv4j.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that is not primitive as required in its JSON Schema, as a pydantic field without a
 * default is ({@code move: str}). Primitive components are always required. Clients read {@code required} from
 * {@code /schema}: verifiers turns a plain-text reply into the action {@code {required[0]: text}}, so the one
 * text field of a text environment's action carries this mark.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface Required {}
