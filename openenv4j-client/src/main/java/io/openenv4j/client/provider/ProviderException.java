package io.openenv4j.client.provider;

/** A provider could not do what it was asked; the message says what and why (the platform's own words included). */
public class ProviderException extends RuntimeException {

    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
