package io.openenv4j.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/** The two non-WebSocket transports of the latency comparison: the raw TCP floor and HTTP {@code POST /step}. */
final class Links {

    private Links() {}

    /**
     * A blocking connection to the floor responder, driven from the calling thread: write the header and the
     * request bytes, read the reply bytes. Blocking on both ends is the tightest round trip the kernel allows.
     */
    static final class Tcp implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.InputStream in;
        private final byte[] request;
        private final byte[] reply;

        Tcp(int port, byte[] requestBytes, int replyBytes) throws java.io.IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            request = java.nio.ByteBuffer.allocate(8 + requestBytes.length)
                    .putInt(requestBytes.length)
                    .putInt(replyBytes)
                    .put(requestBytes)
                    .array();
            reply = new byte[replyBytes];
        }

        /** One round trip; throws when the reply is short or not the floor's bytes. */
        void exchange() {
            try {
                out.write(request);
                out.flush();
                int read = 0;
                while (read < reply.length) {
                    int n = in.read(reply, read, reply.length - read);
                    if (n < 0) {
                        throw new IllegalStateException("floor connection closed");
                    }
                    read += n;
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("floor exchange failed: " + e, e);
            }
            if (reply[0] != FloorServer.FILL || reply[reply.length - 1] != FloorServer.FILL) {
                throw new IllegalStateException("floor sent unexpected bytes");
            }
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    /** {@code POST /step} over one keep-alive connection. */
    static final class Http {
        private final HttpClientAgent client;
        private final RequestOptions options;
        private final Buffer body;
        private final Expect expect;

        Http(Vertx vertx, int port, String tag, int payloadBytes) {
            this.client = vertx.createHttpClient(
                    new HttpClientOptions()
                            .setKeepAlive(true)
                            .setTcpNoDelay(true)
                            .setMaxInitialLineLength(8192),
                    new PoolOptions().setHttp1MaxSize(1));
            this.options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setURI("/step")
                    .putHeader("content-type", "application/json");
            this.body = Buffer.buffer("{\"action\":{\"tag\":\"" + tag + "\"}}");
            this.expect = Expect.httpStep(tag, payloadBytes);
        }

        void exchange(WsLink.Reply done) {
            client.request(options)
                    .compose(request -> request.send(body))
                    .compose(response -> response.statusCode() == 200
                            ? response.body()
                            : io.vertx.core.Future.failedFuture("HTTP " + response.statusCode()))
                    .onComplete(result -> done.done(
                            result.failed()
                                    ? String.valueOf(result.cause())
                                    : expect.check(result.result().toString(), 1)));
        }

        void close() {
            client.close();
        }
    }
}
