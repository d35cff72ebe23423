package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a PEM key pair the server speaks HTTPS and WSS, and still asks for the access token. */
class TlsTest {

    @Test
    void httpsAndWssWithAKeyPairAndTheToken(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        var openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "1",
                        "-subj",
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0)
                .as(output)
                .isTrue();

        var config = ServerConfig.ephemeral()
                .withAccess(
                        ServerAccess.open().withToken(AuthenticationTest.TOKEN).withTls(cert, key));
        try (var server = EnvServer.create(CounterEnvironment.spec(), config).start()) {
            assertThat(server.baseUrl()).startsWith("https://");
            var client = HttpClient.newBuilder()
                    .sslContext(trusting(cert))
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();

            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                            .header("authorization", "Bearer " + AuthenticationTest.TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> anonymous = client.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metadata"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> probe = client.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(probe.statusCode()).as("the health probe needs no token").isEqualTo(200);

            var reply = new CompletableFuture<String>();
            WebSocket ws = client.newWebSocketBuilder()
                    .header("authorization", "Bearer " + AuthenticationTest.TOKEN)
                    .buildAsync(
                            URI.create(server.baseUrl().replace("https://", "wss://") + "/ws"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                    reply.complete(data.toString());
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"reset\"}", true);
            assertThat(reply.get(10, TimeUnit.SECONDS)).contains("\"observation\"");
            ws.abort();
        }
    }

    private static SSLContext trusting(Path cert) throws Exception {
        var trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry(
                    "server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        var context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
