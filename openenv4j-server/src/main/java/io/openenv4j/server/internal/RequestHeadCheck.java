package io.openenv4j.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses request heads that could be read two ways (request smuggling) before Netty's HTTP decoder sees
 * them, since the decoder joins folded header lines and drops {@code Content-Length} when {@code
 * Transfer-Encoding} is present: obsolete line folding (RFC 9112 §5.2), both {@code Content-Length} and
 * {@code Transfer-Encoding} (§6.1), a {@code Transfer-Encoding} whose final coding is not {@code chunked}
 * (§6.3) and a malformed or repeated {@code Content-Length}. Such a request gets 400 and the connection is
 * closed; requests pipelined before it on the same connection are answered or dropped as Netty decodes them.
 *
 * <p>Only heads are scanned, one byte at a time with constant state (an 18-byte header name and a bounded
 * value for the two framing headers); bodies are skipped by their length or chunk sizes without being read
 * or copied, so the next pipelined head is found. After a request with {@code Upgrade} the check removes
 * itself once the HTTP decoder is gone (a WebSocket), and goes on otherwise. One instance per connection,
 * on its event loop.
 */
final class RequestHeadCheck extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadCheck.class);
    /** Vert.x's name for the HTTP/1.x request decoder in the channel pipeline. */
    static final String DECODER = "httpDecoder";
    /** One more than the longest name looked for ({@code transfer-encoding}): longer names are cut there. */
    private static final int MAX_NAME = 18;

    private static final int MAX_VALUE = 256;

    private enum State {
        START,
        HEAD,
        BODY,
        CHUNK_SIZE,
        CHUNK_EXT,
        CHUNK_DATA,
        CHUNK_END,
        TRAILERS,
        UPGRADE,
        REFUSED
    }

    private enum Field {
        OTHER,
        CONTENT_LENGTH,
        TRANSFER_ENCODING,
        UPGRADE
    }

    private State state = State.START;
    // Per head.
    private boolean firstLine;
    private int lineLength;
    private boolean inValue;
    private final StringBuilder name = new StringBuilder(MAX_NAME);
    private final StringBuilder value = new StringBuilder();
    private Field field;
    private String contentLength;
    private StringBuilder transferEncoding;
    private boolean upgrade;
    // Per body.
    private long remaining;
    private boolean chunkDigits;

    /** Puts a check in front of the connection's HTTP/1.x decoder; connections without one are left alone. */
    static void install(HttpConnection connection) {
        if (connection instanceof io.vertx.core.net.impl.ConnectionBase base) {
            ChannelPipeline pipeline = base.channel().pipeline();
            if (pipeline.context(DECODER) != null && pipeline.get(RequestHeadCheck.class) == null) {
                pipeline.addBefore(DECODER, "openenvRequestHeadCheck", new RequestHeadCheck());
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.REFUSED) {
            buf.release();
            return;
        }
        if (state == State.UPGRADE) {
            if (ctx.pipeline().context(DECODER) == null) {
                ctx.pipeline().remove(this); // the connection speaks WebSocket now
                ctx.fireChannelRead(buf);
                return;
            }
            state = State.START; // the upgrade was refused: still HTTP
        }
        String problem = scan(buf);
        if (problem == null) {
            ctx.fireChannelRead(buf);
            return;
        }
        state = State.REFUSED;
        buf.release();
        LOG.debug("refused a request from {}: {}", ctx.channel().remoteAddress(), problem);
        byte[] body = ("Bad Request: " + problem + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: "
                + body.length + "\r\nconnection: close\r\n\r\n";
        ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Scans the readable bytes, advancing the state; returns why the request is refused, or {@code null}. */
    private String scan(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int skip = (int) Math.min(remaining, end - i);
                    i += skip;
                    remaining -= skip;
                    if (remaining == 0) {
                        state = state == State.BODY ? State.START : State.CHUNK_END;
                    }
                }
                case UPGRADE -> {
                    return null; // what follows is checked on the next read, once the handshake is decided
                }
                default -> {
                    String problem = step(buf.getByte(i++));
                    if (problem != null) {
                        return problem;
                    }
                }
            }
        }
        return null;
    }

    private String step(byte b) {
        switch (state) {
            case START -> {
                if (b == '\r' || b == '\n') {
                    return null; // empty lines before a request line are ignored (RFC 9112 §2.2)
                }
                beginHead();
                state = State.HEAD;
                lineLength = 1;
                return null;
            }
            case HEAD, TRAILERS -> {
                return headByte(b);
            }
            case CHUNK_SIZE -> {
                int digit = Character.digit(b, 16);
                if (digit >= 0) {
                    if (remaining > (Long.MAX_VALUE >> 5)) {
                        return "a chunk size too large";
                    }
                    remaining = remaining * 16 + digit;
                    chunkDigits = true;
                    return null;
                }
                if (!chunkDigits) {
                    return "a chunk without a size";
                }
                state = b == '\n' ? afterChunkSize() : State.CHUNK_EXT;
                return null;
            }
            case CHUNK_EXT -> {
                if (b == '\n') {
                    state = afterChunkSize();
                }
                return null;
            }
            case CHUNK_END -> {
                if (b == '\n') {
                    state = State.CHUNK_SIZE;
                    remaining = 0;
                    chunkDigits = false;
                }
                return null;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private State afterChunkSize() {
        if (remaining > 0) {
            return State.CHUNK_DATA;
        }
        // The last chunk: trailer lines follow, up to an empty line.
        firstLine = false;
        lineLength = 0;
        inValue = false;
        name.setLength(0);
        return State.TRAILERS;
    }

    private void beginHead() {
        firstLine = true;
        inValue = false;
        name.setLength(0);
        contentLength = null;
        transferEncoding = null;
        upgrade = false;
    }

    private String headByte(byte b) {
        if (b == '\n') {
            if (lineLength == 0) {
                return state == State.HEAD ? endOfHead() : endOfTrailers();
            }
            String problem = firstLine ? null : endOfField();
            firstLine = false;
            lineLength = 0;
            inValue = false;
            name.setLength(0);
            return problem;
        }
        if (b == '\r') {
            return null;
        }
        if (lineLength++ == 0 && !firstLine && (b == ' ' || b == '\t')) {
            return "obsolete line folding in the request head (RFC 9112 section 5.2)";
        }
        if (firstLine) {
            return null;
        }
        if (!inValue) {
            if (b == ':') {
                inValue = true;
                field = fieldOf(name);
                value.setLength(0);
            } else if (name.length() < MAX_NAME) {
                // Longer names are cut short: none of them is one of the names looked for.
                name.append(Character.toLowerCase((char) (b & 0xff)));
            }
        } else if (field != Field.OTHER && field != Field.UPGRADE) {
            if (value.length() >= MAX_VALUE) {
                return "a " + (field == Field.CONTENT_LENGTH ? "Content-Length" : "Transfer-Encoding")
                        + " header longer than " + MAX_VALUE + " bytes";
            }
            value.append((char) (b & 0xff));
        }
        return null;
    }

    private static Field fieldOf(CharSequence name) {
        int length = name.length();
        if (length != 7 && length != 14 && length != 17) {
            return Field.OTHER; // most headers: no string is made
        }
        return switch (name.toString()) {
            case "content-length" -> Field.CONTENT_LENGTH;
            case "transfer-encoding" -> Field.TRANSFER_ENCODING;
            case "upgrade" -> Field.UPGRADE;
            default -> Field.OTHER;
        };
    }

    private String endOfField() {
        if (!inValue || state == State.TRAILERS) {
            return null; // a line without a colon is the decoder's to refuse; trailers carry no framing
        }
        switch (field) {
            case CONTENT_LENGTH -> {
                if (contentLength != null) {
                    return "more than one Content-Length header";
                }
                contentLength = value.toString().strip();
            }
            case TRANSFER_ENCODING -> {
                if (transferEncoding == null) {
                    transferEncoding = new StringBuilder();
                } else {
                    transferEncoding.append(',');
                }
                transferEncoding.append(value);
            }
            case UPGRADE -> upgrade = true;
            default -> {}
        }
        return null;
    }

    private String endOfHead() {
        if (transferEncoding != null && contentLength != null) {
            return "both Content-Length and Transfer-Encoding (RFC 9112 section 6.1)";
        }
        if (transferEncoding != null) {
            String codings = transferEncoding.toString();
            String last = codings.substring(codings.lastIndexOf(',') + 1).strip();
            if (!last.equalsIgnoreCase("chunked")) {
                return "a Transfer-Encoding whose final coding is not chunked (RFC 9112 section 6.3)";
            }
            state = State.CHUNK_SIZE;
            remaining = 0;
            chunkDigits = false;
            return null;
        }
        if (contentLength != null) {
            if (contentLength.isEmpty()
                    || contentLength.length() > 18
                    || !contentLength.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "a Content-Length that is not a number";
            }
            remaining = Long.parseLong(contentLength);
            state = remaining > 0 ? State.BODY : upgradeOrStart();
            return null;
        }
        state = upgradeOrStart();
        return null;
    }

    private State upgradeOrStart() {
        return upgrade ? State.UPGRADE : State.START;
    }

    private String endOfTrailers() {
        state = State.START;
        return null;
    }
}
