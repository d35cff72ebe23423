package io.openenv4j.server.internal;

import io.openenv4j.server.TrainerChannel;
import io.openenv4j.wire.WireJson;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The trainer channel (OpenEnv4j extension, docs/rewards.md): {@code GET /trainer/episodes} lists the kept
 * episodes, {@code GET /trainer/episodes/{episode_id}} returns one with its trajectory, outcome and reward
 * details. Every request needs {@code Authorization: Bearer <token>}; a missing or wrong token gets 401 and
 * learns nothing, not even whether an episode exists. Records are written out on a virtual thread, so a long
 * trajectory never holds up the event loop.
 */
final class TrainerRoutes {

    static final String PREFIX = "/trainer/episodes";

    private final byte[] token;
    private final EpisodeLog log;

    TrainerRoutes(TrainerChannel channel, EpisodeLog log) {
        this.token = ("Bearer " + channel.token()).getBytes(StandardCharsets.UTF_8);
        this.log = log;
    }

    static boolean claims(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    void handle(HttpServerRequest request) {
        String authorization = request.getHeader("authorization");
        byte[] given =
                authorization == null ? new byte[0] : authorization.strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            request.response().putHeader("www-authenticate", "Bearer realm=\"openenv4j-trainer\"");
            reply(
                    request,
                    401,
                    Map.of("detail", "The trainer channel needs 'Authorization: Bearer <OPENENV_TRAINER_TOKEN>'"));
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            request.response().putHeader("allow", "GET");
            reply(request, 405, Map.of("detail", "Method Not Allowed"));
            return;
        }
        String path = request.path();
        if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
            reply(request, 200, Map.of("episodes", log.summaries()));
            return;
        }
        String id = URLDecoder.decode(path.substring(PREFIX.length() + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        Episode episode = log.find(id);
        if (episode == null) {
            reply(request, 404, Map.of("detail", "Unknown episode: " + id));
            return;
        }
        Thread.ofVirtual().start(() -> reply(request, 200, episode.record()));
    }

    private static void reply(HttpServerRequest request, int status, Object body) {
        request.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(WireJson.write(body));
    }
}
