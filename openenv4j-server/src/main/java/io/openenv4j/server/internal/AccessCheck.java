package io.openenv4j.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Checks the server's access token on a request's {@code Authorization} header: {@code Bearer <token>}, or
 * HTTP Basic with the token as password (any user name), which is what clients send for credentials written
 * in a URL ({@code http://openenv:<token>@host:8000}). Compares digests in constant time, so neither the
 * token nor its length leaks through timing. Thread-safe.
 */
final class AccessCheck {

    static final String CHALLENGE = "Bearer realm=\"openenv4j\"";
    /** For the web page: makes a browser ask for the token (as password) and send it with the page's requests. */
    static final String BASIC_CHALLENGE = "Basic realm=\"openenv4j\", charset=\"UTF-8\"";

    static final String REFUSAL = "Missing or invalid access token: send 'Authorization: Bearer <token>'";

    private final byte[] digest;

    /** {@code token} may be {@code null}: then every request is allowed. */
    AccessCheck(String token) {
        this.digest = token == null ? null : sha256(token);
    }

    boolean required() {
        return digest != null;
    }

    boolean allows(String authorization) {
        if (digest == null) {
            return true;
        }
        String given = presented(authorization);
        // Always compare, also without a credential, so that the answer takes the same time.
        return MessageDigest.isEqual(digest, sha256(given == null ? "" : given)) && given != null;
    }

    private static String presented(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credential = value.substring(space + 1).strip();
        if (scheme.equals("bearer")) {
            return credential;
        }
        if (scheme.equals("basic")) {
            try {
                String pair = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
