package io.openenv4j.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor: a raw TCP responder that does nothing but move bytes. A request is an 8-byte header (request
 * length, reply length, big-endian ints) and the request bytes; the reply is that many bytes. The bench
 * sends it the very bytes of a WebSocket step request and asks for as many bytes as the step's reply, so
 * its round trip is what the kernel and the two processes cost without any protocol. One blocking platform
 * thread per connection (the bench opens one or two), the tightest loop there is.
 */
final class FloorServer implements AutoCloseable {

    static final byte FILL = 'x';
    private final ServerSocket server;

    FloorServer(String host, int port) throws IOException {
        server = new ServerSocket(port, 64, InetAddress.getByName(host));
        Thread.ofPlatform().daemon().name("floor-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("floor-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket;
                var in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            byte[] request = new byte[0];
            byte[] reply = new byte[0];
            while (true) {
                int requestBytes = in.readInt();
                int replyBytes = in.readInt();
                if (requestBytes < 0 || replyBytes < 0 || requestBytes > 64 << 20 || replyBytes > 64 << 20) {
                    return;
                }
                if (request.length < requestBytes) {
                    request = new byte[requestBytes];
                }
                in.readFully(request, 0, requestBytes);
                if (reply.length != replyBytes) {
                    reply = new byte[replyBytes];
                    java.util.Arrays.fill(reply, FILL);
                }
                out.write(reply, 0, replyBytes);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
