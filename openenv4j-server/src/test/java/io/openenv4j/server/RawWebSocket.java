package io.openenv4j.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * A WebSocket client on a plain TCP socket, for hostile tests: it writes the handshake with any headers and
 * frames with any header bits (reserved bits, opcodes, compressed payloads), and reads frames back as they
 * are. Every read has a deadline.
 */
final class RawWebSocket implements AutoCloseable {

    /** A frame from the server. */
    record Frame(int firstByte, byte[] payload) {
        int opcode() {
            return firstByte & 0x0f;
        }

        boolean isClose() {
            return opcode() == 0x8;
        }

        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final String handshake;

    private RawWebSocket(Socket socket, String handshake) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        this.handshake = handshake;
    }

    /** Connects and sends the upgrade request for {@code path} with {@code extraHeaders} (each ending in CRLF). */
    static RawWebSocket open(int port, String path, String extraHeaders) throws IOException {
        var socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                                + extraHeaders + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        return new RawWebSocket(socket, readHead(socket.getInputStream()));
    }

    /** The server's handshake response: status line and headers. */
    String handshake() {
        return handshake;
    }

    boolean upgraded() {
        return handshake.startsWith("HTTP/1.1 101");
    }

    /** Sends one final frame with {@code firstByte} (FIN, RSV1-3 and opcode), masked with an all-zero key. */
    void sendFrame(int firstByte, byte[] payload) throws IOException {
        var frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >> shift) & 0xff));
            }
        }
        frame.write(new byte[4]);
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    void sendText(String text) throws IOException {
        sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next frame, or {@code null} when the connection ended first or nothing came within the deadline. */
    Frame next() throws IOException {
        try {
            int first = in.readUnsignedByte();
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first, payload);
        } catch (EOFException | SocketTimeoutException | java.net.SocketException e) {
            return null;
        }
    }

    /** Reads frames until a close frame and returns its code; 1006 when the connection ended without one. */
    int awaitClose() throws IOException {
        for (Frame frame = next(); frame != null; frame = next()) {
            if (frame.isClose()) {
                return frame.closeCode();
            }
        }
        return 1006;
    }

    /**
     * A permessage-deflate payload (RFC 7692: raw deflate, sync-flushed, trailing {@code 00 00 ff ff} removed)
     * that inflates to {@code inflatedBytes} spaces inside a JSON string: a compression bomb.
     */
    static byte[] deflateBomb(long inflatedBytes) {
        var deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        var compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        deflater.setInput("{\"type\":\"step\",\"data\":{\"pad\":\"".getBytes(StandardCharsets.US_ASCII));
        drain(deflater, compressed, buffer, Deflater.NO_FLUSH);
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        for (long written = 0; written < inflatedBytes; written += spaces.length) {
            deflater.setInput(spaces);
            drain(deflater, compressed, buffer, Deflater.NO_FLUSH);
        }
        deflater.setInput("\"}}".getBytes(StandardCharsets.US_ASCII));
        drain(deflater, compressed, buffer, Deflater.SYNC_FLUSH);
        deflater.end();
        byte[] bytes = compressed.toByteArray();
        return java.util.Arrays.copyOf(bytes, bytes.length - 4);
    }

    private static void drain(Deflater deflater, ByteArrayOutputStream out, byte[] buffer, int flush) {
        while (!deflater.needsInput() || flush == Deflater.SYNC_FLUSH) {
            int n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
            if (n < buffer.length && deflater.needsInput()) {
                return;
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
