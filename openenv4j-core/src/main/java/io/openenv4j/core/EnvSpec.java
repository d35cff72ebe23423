package io.openenv4j.core;

import java.util.Objects;

/**
 * Everything a server needs to serve an environment: its metadata, the types of its actions,
 * observations and state (for decoding and for JSON Schemas), a factory for new instances, and whether
 * instances may serve concurrent sessions.
 *
 * @param metadata what {@code GET /metadata} reports
 * @param actionType the action type: a record, {@link ToolAction} for tool environments, or {@code Map}
 * @param observationType the observation type
 * @param stateType the state type
 * @param factory makes one instance per session
 * @param concurrency whether instances may coexist
 * @param execution whether the instances' calls may block ({@link Execution#BLOCKING} unless declared)
 * @param tasks the tasks the environment plays, for the task API; {@code null} when it plays none
 */
public record EnvSpec<A, O, S>(
        EnvironmentMetadata metadata,
        Class<A> actionType,
        Class<O> observationType,
        Class<S> stateType,
        EnvironmentFactory<A, O, S> factory,
        Concurrency concurrency,
        Execution execution,
        TaskCatalogue tasks) {

    public EnvSpec {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(actionType, "actionType");
        Objects.requireNonNull(observationType, "observationType");
        Objects.requireNonNull(stateType, "stateType");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(concurrency, "concurrency");
        Objects.requireNonNull(execution, "execution");
    }

    /** A spec that plays no tasks of a catalogue. */
    public EnvSpec(
            EnvironmentMetadata metadata,
            Class<A> actionType,
            Class<O> observationType,
            Class<S> stateType,
            EnvironmentFactory<A, O, S> factory,
            Concurrency concurrency,
            Execution execution) {
        this(metadata, actionType, observationType, stateType, factory, concurrency, execution, null);
    }

    /** A spec whose calls may block ({@link Execution#BLOCKING}), as before the execution hint existed. */
    public EnvSpec(
            EnvironmentMetadata metadata,
            Class<A> actionType,
            Class<O> observationType,
            Class<S> stateType,
            EnvironmentFactory<A, O, S> factory,
            Concurrency concurrency) {
        this(metadata, actionType, observationType, stateType, factory, concurrency, Execution.BLOCKING);
    }

    public static <A, O, S> EnvSpec<A, O, S> of(
            EnvironmentMetadata metadata,
            Class<A> actionType,
            Class<O> observationType,
            Class<S> stateType,
            EnvironmentFactory<A, O, S> factory) {
        return new EnvSpec<>(
                metadata, actionType, observationType, stateType, factory, Concurrency.CONCURRENT_SESSIONS);
    }

    public EnvSpec<A, O, S> withConcurrency(Concurrency newConcurrency) {
        return new EnvSpec<>(
                metadata, actionType, observationType, stateType, factory, newConcurrency, execution, tasks);
    }

    /** This spec declaring whether its environment's calls may block (see {@link Execution}). */
    public EnvSpec<A, O, S> withExecution(Execution newExecution) {
        return new EnvSpec<>(
                metadata, actionType, observationType, stateType, factory, concurrency, newExecution, tasks);
    }

    public EnvSpec<A, O, S> withMetadata(EnvironmentMetadata newMetadata) {
        return new EnvSpec<>(
                newMetadata, actionType, observationType, stateType, factory, concurrency, execution, tasks);
    }

    /** This spec offering {@code catalogue} on the task API ({@code null}: no tasks). */
    public EnvSpec<A, O, S> withTasks(TaskCatalogue catalogue) {
        return new EnvSpec<>(
                metadata, actionType, observationType, stateType, factory, concurrency, execution, catalogue);
    }

    /** Whether this environment's actions are the tool actions ({@code list_tools}, {@code call_tool}). */
    public boolean isToolEnvironment() {
        return actionType == ToolAction.class;
    }

    /** The name errors use for the factory, as in {@code FACTORY_ERROR} replies. */
    public String factoryName() {
        return metadata.name();
    }
}
