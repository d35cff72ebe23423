package io.openenv4j.server;

import java.nio.file.Path;

/**
 * Who may use the server and over what (docs/security.md).
 *
 * @param token the bearer token every request must carry on every surface (HTTP routes, {@code /mcp} in both
 *     dialects, {@code /ws}, {@code /ws/batch}): {@code Authorization: Bearer <token>}, or HTTP Basic with the
 *     token as password (for clients that can only put credentials in the URL); at least 16 characters;
 *     {@code null} for none. {@code GET /health} alone answers without it (probes poll it without credentials).
 *     The trainer channel keeps its own token. Never logged or echoed.
 * @param tlsCert a PEM certificate chain to serve HTTPS and WSS with, or {@code null} for plain HTTP
 * @param tlsKey the PEM private key of {@code tlsCert}; given exactly when {@code tlsCert} is
 */
public record ServerAccess(String token, Path tlsCert, Path tlsKey) {

    public ServerAccess {
        if (token != null) {
            token = token.strip();
            if (token.length() < 16) {
                throw new IllegalArgumentException("the access token must have at least 16 characters");
            }
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and its private key");
        }
    }

    /** No token, no TLS. */
    public static ServerAccess open() {
        return new ServerAccess(null, null, null);
    }

    public ServerAccess withToken(String newToken) {
        return new ServerAccess(newToken, tlsCert, tlsKey);
    }

    public ServerAccess withTls(Path cert, Path key) {
        return new ServerAccess(token, cert, key);
    }

    /**
     * The token in {@code file} (its content, surrounding whitespace removed).
     *
     * @throws IllegalArgumentException when the file cannot be read (the message names the file, never its content)
     */
    public static String readToken(Path file) {
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the token file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    public boolean tls() {
        return tlsCert != null;
    }

    @Override
    public String toString() {
        return "ServerAccess[token=" + (token == null ? "none" : "***") + ", tlsCert=" + tlsCert + ", tlsKey=" + tlsKey
                + "]";
    }
}
