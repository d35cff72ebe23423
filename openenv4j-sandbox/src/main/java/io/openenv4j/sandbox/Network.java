package io.openenv4j.sandbox;

/** Whether sandboxed processes may reach the network. */
public enum Network {
    /** A private network namespace with nothing in it: no loopback services, no outside world (the default). */
    OFF,
    /** The host's network, as any local process sees it. */
    HOST
}
