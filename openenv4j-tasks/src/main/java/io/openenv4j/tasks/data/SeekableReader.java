package io.openenv4j.tasks.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.MalformedInputException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * UTF-8 text from a file that knows the byte position of what it has returned and can start anywhere: the
 * basis of the row offset index of JSON Lines and CSV files. Decodes strictly (malformed input is a
 * {@link MalformedInputException}, as {@code Files.newBufferedReader} reports it); {@link #readLine} ends
 * lines at {@code \n}, {@code \r} or {@code \r\n} exactly as {@code BufferedReader.readLine} does;
 * {@link #mark}/{@link #reset} remember one position for a look-ahead of a few characters. Not thread-safe.
 */
final class SeekableReader extends Reader {

    private static final int SIZE = 64 * 1024;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(SIZE).flip();
    /** File position of {@code buffer}'s first byte. */
    private long bufferStart;
    /** A low surrogate still to return after its high surrogate. */
    private int pendingLow = -1;

    private int markIndex = -1;
    private int markLow;

    SeekableReader(Path file, long position) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        seek(position);
    }

    /** Bytes before the next character to be read (inside a surrogate pair: after the pair). */
    long position() {
        return bufferStart + buffer.position();
    }

    void seek(long position) throws IOException {
        channel.position(position);
        bufferStart = position;
        buffer.clear().flip();
        pendingLow = -1;
        markIndex = -1;
    }

    /** Makes sure {@code n} bytes are buffered if the file has them; false at the end of the file. */
    private boolean fill(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return true;
        }
        if (markIndex >= 0 && buffer.position() - markIndex > 8) {
            markIndex = -1; // read past the look-ahead a mark allows
        }
        if (markIndex >= 0) {
            // keep the marked bytes: compact from the mark
            int keep = buffer.position() - markIndex;
            bufferStart += markIndex;
            buffer.position(markIndex);
            buffer.compact();
            markIndex = 0;
            readMore();
            buffer.flip().position(keep);
            return buffer.remaining() >= n;
        }
        bufferStart += buffer.position();
        buffer.compact();
        readMore();
        buffer.flip();
        return buffer.remaining() >= n;
    }

    private int readMore() throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                return total == 0 ? -1 : total;
            }
            total += read;
            if (read == 0) {
                break;
            }
        }
        return total;
    }

    @Override
    public int read() throws IOException {
        if (pendingLow >= 0) {
            int low = pendingLow;
            pendingLow = -1;
            return low;
        }
        if (!fill(1)) {
            return -1;
        }
        int b = buffer.get(buffer.position()) & 0xFF;
        if (b < 0x80) {
            buffer.position(buffer.position() + 1);
            return b;
        }
        int length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? (b <= 0xEF ? 3 : 0) : b >= 0xC2 ? 2 : 0;
        if (length == 0 || !fill(length)) {
            throw new MalformedInputException(1);
        }
        int at = buffer.position();
        int cp = length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07;
        for (int i = 1; i < length; i++) {
            int c = buffer.get(at + i) & 0xFF;
            if ((c & 0xC0) != 0x80) {
                throw new MalformedInputException(i);
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
                || length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) {
            throw new MalformedInputException(length);
        }
        buffer.position(at + length);
        if (cp >= 0x10000) {
            pendingLow = Character.lowSurrogate(cp);
            return Character.highSurrogate(cp);
        }
        return cp;
    }

    @Override
    public int read(char[] into, int offset, int length) throws IOException {
        int n = 0;
        while (n < length) {
            int c = read();
            if (c < 0) {
                return n == 0 ? -1 : n;
            }
            into[offset + n++] = (char) c;
        }
        return n;
    }

    /** The next line without its terminator, or null at the end of the file. */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            int c = read();
            if (c < 0) {
                return line == null ? null : line.toString();
            }
            if (line == null) {
                line = new StringBuilder(80);
            }
            if (c == '\n') {
                return line.toString();
            }
            if (c == '\r') {
                mark(1);
                if (read() != '\n') {
                    reset();
                }
                markIndex = -1;
                return line.toString();
            }
            line.append((char) c);
        }
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    /** Remembers the position; reading at most a few characters before {@link #reset}. */
    @Override
    public void mark(int readAheadLimit) {
        markIndex = buffer.position();
        markLow = pendingLow;
    }

    @Override
    public void reset() throws IOException {
        if (markIndex < 0) {
            throw new IOException("no mark");
        }
        buffer.position(markIndex);
        pendingLow = markLow;
        markIndex = -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
