package io.openenv4j.core;

/**
 * Makes a fresh environment instance. Called once per session, off the server's event loop; it may block
 * (load a model, start a process). Anything it throws is reported as a {@code FACTORY_ERROR}.
 */
@FunctionalInterface
public interface EnvironmentFactory<A, O, S> {
    Environment<A, O, S> create() throws Exception;
}
