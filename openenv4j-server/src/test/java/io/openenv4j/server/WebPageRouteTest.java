package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /web}: the page's files from the jar, its status report, and when it is served at all. */
class WebPageRouteTest {

    @Test
    void webRedirectsToTheDirectoryWhoseIndexIsThePage() throws Exception {
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            var redirect = HttpPeer.get(server, "/web?x=1");
            assertThat(redirect.status()).isEqualTo(307);
            assertThat(redirect.header("location")).isEqualTo("web/?x=1");

            var page = HttpPeer.get(server, "/web/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.header("content-security-policy"))
                    .contains("script-src 'self'")
                    .contains("connect-src 'self'");
            assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
        }
    }

    @Test
    void thePagesModulesAndStylesAreServedWithTheirTypesAndNothingElseIs() throws Exception {
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            for (String module : new String[] {"app.js", "session.js", "form.js", "view.js"}) {
                var reply = HttpPeer.get(server, "/web/" + module);
                assertThat(reply.status()).as(module).isEqualTo(200);
                assertThat(reply.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
                assertThat(reply.body())
                        .as("imports only the page's own modules")
                        .doesNotContainPattern("(import|from)\\s*\\(?\\s*['\"]https?:");
            }
            assertThat(HttpPeer.get(server, "/web/style.css").header("content-type"))
                    .isEqualTo("text/css; charset=utf-8");
            assertThat(HttpPeer.get(server, "/web/missing.js").status()).isEqualTo(404);
            assertThat(HttpPeer.get(server, "/web/..%2Fschema").status()).isEqualTo(404);
            assertThat(HttpPeer.get(server, "/web/sub/app.js").status()).isEqualTo(404);
            assertThat(HttpPeer.post(server, "/web/", "{}").status()).isEqualTo(405);
        }
    }

    @Test
    void statusReportsSessionsCapacityAndErrorFramesByCode() throws Exception {
        try (var server = EnvServer.create(
                                CounterEnvironment.spec(),
                                ServerConfig.ephemeral().withMaxSessions(1))
                        .start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\"}");
            socket.call("{\"type\":\"step\",\"data\":{\"bogus\":1}}");
            socket.call("{\"type\":\"nonsense\"}");
            try (var refused = SocketPeer.open(server, "/ws")) {
                assertThat(refused.next().get("data").get("code").stringValue()).isEqualTo("CAPACITY_REACHED");
            }

            JsonNode status = HttpPeer.get(server, "/web/status").json();

            assertThat(status.get("environment").stringValue())
                    .isEqualTo(CounterEnvironment.spec().metadata().name());
            assertThat(status.get("mode").stringValue()).isEqualTo("simulation");
            assertThat(status.get("active_sessions").asInt()).isEqualTo(1);
            assertThat(status.get("max_sessions").asInt()).isEqualTo(1);
            assertThat(status.get("sessions").get("websocket").asInt()).isEqualTo(1);
            assertThat(status.get("errors").get("VALIDATION_ERROR").asInt()).isEqualTo(1);
            assertThat(status.get("errors").get("UNKNOWN_TYPE").asInt()).isEqualTo(1);
            assertThat(status.get("errors").get("CAPACITY_REACHED").asInt()).isEqualTo(1);
            assertThat(status.get("uptime_s").isNumber()).isTrue();
        }
    }

    @Test
    void theFlagTurnsThePageOffAndProductionModeServesItOnlyWhenAskedTo() throws Exception {
        try (var off = EnvServer.create(
                        CounterEnvironment.spec(), ServerConfig.ephemeral().withWeb(false))
                .start()) {
            assertThat(HttpPeer.get(off, "/web/").status()).isEqualTo(404);
            assertThat(HttpPeer.get(off, "/web/status").status()).isEqualTo(404);
        }
        var production = ServerConfig.ephemeral().withMode(ServerMode.PRODUCTION);
        try (var closed =
                EnvServer.create(CounterEnvironment.spec(), production).start()) {
            assertThat(HttpPeer.get(closed, "/web/").status()).isEqualTo(404);
        }
        try (var open = EnvServer.create(CounterEnvironment.spec(), production.withWeb(true))
                .start()) {
            assertThat(HttpPeer.get(open, "/web/").status()).isEqualTo(200);
            assertThat(HttpPeer.get(open, "/web/status").json().get("mode").stringValue())
                    .isEqualTo("production");
        }
    }

    @Test
    void enableWebInterfaceIsReadAsTheReferenceSetsIt() {
        assertThat(ServerConfig.fromEnvironment(Map.of()).webEnabled()).isTrue();
        assertThat(ServerConfig.fromEnvironment(Map.of("ENABLE_WEB_INTERFACE", "false"))
                        .webEnabled())
                .isFalse();
        assertThat(ServerConfig.fromEnvironment(Map.of("ENABLE_WEB_INTERFACE", "0"))
                        .webEnabled())
                .isFalse();
        assertThat(ServerConfig.fromEnvironment(Map.of("OPENENV_MODE", "production"))
                        .webEnabled())
                .isFalse();
        assertThat(ServerConfig.fromEnvironment(Map.of("OPENENV_MODE", "production", "ENABLE_WEB_INTERFACE", "True"))
                        .webEnabled())
                .isTrue();
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("ENABLE_WEB_INTERFACE", "maybe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ENABLE_WEB_INTERFACE");
    }
}
