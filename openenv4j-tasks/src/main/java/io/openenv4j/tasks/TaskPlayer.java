package io.openenv4j.tasks;

import io.openenv4j.core.EnvSpec;

/**
 * How an environment that plays tasks from datasets is bound to a {@link TaskSource}: what {@code openenv4j serve
 * <env> --tasks DATASET} uses. A provider registers it as an extension of the environment's definition:
 * {@code EnvironmentDefinition.named("qa")...extension(TaskPlayer.class, QaEnvironment::spec)}.
 */
@FunctionalInterface
public interface TaskPlayer {

    /** The environment's spec playing the tasks of {@code source}. */
    EnvSpec<?, ?, ?> bind(TaskSource source, TaskBinding.Options options);
}
