package io.openenv4j.bench;

import io.openenv4j.wire.WireJson;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One process of the capacity load generator ({@link CapacityWorkers}): its own event loop and its own
 * loopback source addresses, so each process stays far below the 20,000 open files a process may have
 * and no source address runs out of ephemeral ports. Arguments: {@code FIRST_ADDRESS COUNT} (source
 * addresses {@code 127.0.0.FIRST_ADDRESS…}). Prints {@value #READY}, then for each line on standard input:
 * {@code RUN port size stepMs window timeoutSeconds} runs one capacity batch ({@link SessionLoad#capacity});
 * {@code CHURN port concurrency millis} runs open/reset/close cycles, {@code concurrency} at a time, for
 * {@code millis} ({@link SessionLoad#churn}). Either prints {@value #RESULT} followed by the samples as JSON;
 * ends when standard input closes.
 */
public final class CapacityWorker {

    static final String READY = "CAPACITY-WORKER-READY";
    static final String RESULT = "CAPACITY-WORKER-RESULT ";

    private CapacityWorker() {}

    public static void main(String[] args) throws Exception {
        int first = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        List<WebSocketClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(20_000)
                    .setLocalAddress("127.0.0." + (first + i))
                    .setTcpNoDelay(true)
                    .setConnectTimeout(30_000)));
        }
        var context = vertx.getOrCreateContext();
        var out = System.out;
        out.println(READY);
        out.flush();
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split(" ");
            if (words.length == 4 && words[0].equals("CHURN")) {
                var load = new SessionLoad(context, clients, Integer.parseInt(words[1]));
                SessionLoad.Churn churn = load.churn(
                        Integer.MAX_VALUE, Integer.parseInt(words[2]), Duration.ofMillis(Long.parseLong(words[3])));
                out.println(RESULT + WireJson.write(toJson(churn)));
                out.flush();
                continue;
            }
            if (words.length == 6 && (words[0].equals("SOAK") || words[0].equals("CYCLES"))) {
                // SOAK port sessions steps window timeoutSeconds | CYCLES port count concurrency 0 timeoutSeconds
                var soak = new SoakLoad(context, clients, Integer.parseInt(words[1]));
                Duration timeout = Duration.ofSeconds(Long.parseLong(words[5]));
                SoakLoad.Outcome outcome = words[0].equals("SOAK")
                        ? soak.sessions(
                                Integer.parseInt(words[2]),
                                Integer.parseInt(words[3]),
                                Integer.parseInt(words[4]),
                                timeout)
                        : soak.cycles(Integer.parseInt(words[2]), Integer.parseInt(words[3]), timeout);
                ObjectNode node = WireJson.mapper().createObjectNode();
                node.put("completed", outcome.completed());
                node.put("steps", outcome.steps());
                node.put("errors", outcome.errors());
                node.put("peak_open", outcome.peakOpen());
                node.put("seconds", outcome.seconds());
                if (outcome.firstError() != null) {
                    node.put("first_error", outcome.firstError());
                }
                out.println(RESULT + WireJson.write(node));
                out.flush();
                continue;
            }
            if (words.length != 6 || !words[0].equals("RUN")) {
                continue;
            }
            var load = new SessionLoad(context, clients, Integer.parseInt(words[1]));
            SessionLoad.Batch batch = load.capacity(
                    Integer.parseInt(words[2]),
                    Long.parseLong(words[3]),
                    Integer.parseInt(words[4]),
                    Duration.ofSeconds(Long.parseLong(words[5])));
            out.println(RESULT + WireJson.write(toJson(batch)));
            out.flush();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static ObjectNode toJson(SessionLoad.Batch batch) {
        ObjectNode node = WireJson.mapper().createObjectNode();
        node.put("size", batch.size());
        node.put("succeeded", batch.succeeded());
        node.put("seconds", batch.seconds());
        if (batch.firstError() != null) {
            node.put("first_error", batch.firstError());
        }
        samples(node.putArray("connect"), batch.connect());
        samples(node.putArray("reset"), batch.reset());
        samples(node.putArray("step"), batch.step());
        samples(node.putArray("close"), batch.close());
        samples(node.putArray("total"), batch.total());
        return node;
    }

    private static ObjectNode toJson(SessionLoad.Churn churn) {
        ObjectNode node = WireJson.mapper().createObjectNode();
        node.put("cycles", churn.cycles());
        node.put("seconds", churn.seconds());
        node.put("errors", churn.open().errors);
        if (churn.open().firstError != null) {
            node.put("first_error", churn.open().firstError);
        }
        samples(node.putArray("open"), churn.open());
        return node;
    }

    private static void samples(ArrayNode array, Samples samples) {
        for (int i = 0; i < samples.count(); i++) {
            array.add(samples.at(i));
        }
    }
}
