package io.openenv4j.core;

/**
 * Whether several instances of an environment may live side by side in one process (one per session).
 */
public enum Concurrency {
    /** Only one session at a time: instances share something (a device, a global) that cannot be split. */
    SINGLE_SESSION,
    /** Any number of sessions, each with its own instance. */
    CONCURRENT_SESSIONS
}
