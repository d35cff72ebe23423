package io.openenv4j.mcp.client;

import io.openenv4j.mcp.JsonRpc;

/**
 * The server answered a request with a JSON-RPC error ({@code {"error":{"code":…,"message":…,"data":…}}}),
 * for example {@code -32601} (method not found) or {@code -32602} (invalid params: an unknown tool or
 * invalid arguments, for servers that report those as errors rather than as {@code isError} results).
 * The client stays usable.
 */
public final class McpServerErrorException extends McpClientException {

    private static final long serialVersionUID = 1L;

    /** JSON-RPC: the method does not exist. */
    public static final int METHOD_NOT_FOUND = JsonRpc.METHOD_NOT_FOUND;
    /** JSON-RPC: invalid method parameters. */
    public static final int INVALID_PARAMS = JsonRpc.INVALID_PARAMS;

    private final int code;
    private final String serverMessage;
    private final transient Object data;

    /** The error a server sent in answer to {@code method}. */
    public McpServerErrorException(String method, int code, String serverMessage, Object data) {
        super(Failure.SERVER_ERROR, method + " failed: " + serverMessage + " (JSON-RPC error " + code + ")", null);
        this.code = code;
        this.serverMessage = serverMessage;
        this.data = data;
    }

    /** The JSON-RPC error code. */
    public int code() {
        return code;
    }

    /** The server's message, as sent. */
    public String serverMessage() {
        return serverMessage;
    }

    /** The error's {@code data}, JSON-shaped ({@code Map}, {@code List}, {@code String}, …), or {@code null}. */
    public Object data() {
        return data;
    }
}
