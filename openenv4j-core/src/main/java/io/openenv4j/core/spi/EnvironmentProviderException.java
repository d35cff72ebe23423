package io.openenv4j.core.spi;

/**
 * A registered environment that cannot be made: its spec factory failed or returned nothing. The message names
 * the environment and the provider that registered it.
 */
public final class EnvironmentProviderException extends RuntimeException {

    public EnvironmentProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
