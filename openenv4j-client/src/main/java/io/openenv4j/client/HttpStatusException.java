package io.openenv4j.client;

/**
 * An HTTP route answered with a status outside 2xx, for example {@code 422} with a validation body,
 * {@code 404} for a route the server's mode does not offer, or {@code 500 Internal Server Error}.
 */
public final class HttpStatusException extends OpenEnvClientException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;

    /** A {@code status} answer to {@code method path}, with its body as text. */
    public HttpStatusException(String method, String path, int status, String body) {
        super(Failure.SERVER_ERROR, method + " " + path + " answered " + status + ": " + abbreviate(body), null);
        this.status = status;
        this.body = body;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The response body as text (possibly empty). */
    public String body() {
        return body;
    }

    private static String abbreviate(String body) {
        return body.length() <= 500 ? body : body.substring(0, 500) + "…";
    }
}
