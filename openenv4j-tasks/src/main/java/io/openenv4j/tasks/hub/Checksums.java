package io.openenv4j.tasks.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Verifies a download against its ETag the way the Hub names blobs: an LFS file's ETag is the sha256 of its
 * content, a regular git file's is its git blob sha1 ({@code sha1("blob " + size + "\0" + content)}).
 * Other ETags (e.g. from a mirror) are checked by size only.
 */
final class Checksums {

    private Checksums() {}

    static void verify(Path file, String etag, long expectedSize, String what) throws IOException {
        long size = Files.size(file);
        if (expectedSize >= 0 && size != expectedSize) {
            throw new HubException(
                    HubException.Kind.CHECKSUM_MISMATCH,
                    what + ": downloaded " + size + " bytes, the server announced " + expectedSize
                            + "; the download was discarded");
        }
        String algorithm;
        byte[] prefix;
        if (etag.matches("[0-9a-f]{64}")) {
            algorithm = "SHA-256";
            prefix = new byte[0];
        } else if (etag.matches("[0-9a-f]{40}")) {
            algorithm = "SHA-1";
            prefix = ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII);
        } else {
            return;
        }
        String actual = digest(file, algorithm, prefix);
        if (!actual.equals(etag)) {
            throw new HubException(
                    HubException.Kind.CHECKSUM_MISMATCH,
                    what + ": content has "
                            + (algorithm.equals("SHA-1") ? "git blob sha1 " : "sha256 ") + actual
                            + " but the server announced "
                            + etag + "; the download was discarded");
        }
    }

    static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(prefix);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
