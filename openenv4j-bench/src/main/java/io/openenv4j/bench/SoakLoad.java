package io.openenv4j.bench;

import io.vertx.core.Context;
import io.vertx.core.http.WebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The soak's loads, run inside one {@link CapacityWorker} process on its event loop: many long sessions held
 * open together, and many short open/close cycles. Every reply is checked byte for byte ({@link Expect}); a
 * wrong, missing or late reply is an error.
 */
final class SoakLoad {

    private final Context context;
    private final List<WebSocketClient> clients;
    private final int port;

    SoakLoad(Context context, List<WebSocketClient> clients, int port) {
        this.context = context;
        this.clients = clients;
        this.port = port;
    }

    /** What a load did: sessions or cycles completed, steps answered, errors and the first one, peak open sockets. */
    record Outcome(long completed, long steps, long errors, String firstError, int peakOpen, double seconds) {}

    /**
     * Opens {@code sessions} sessions (at most {@code window} handshakes in flight) and resets each; once all
     * are open together, each takes {@code steps} steps, one at a time, then closes.
     */
    Outcome sessions(int sessions, int steps, int window, Duration timeout) throws Exception {
        var done = new CompletableFuture<Outcome>();
        Expect resetReply = Expect.wsReset(16);
        Expect stepReply = Expect.wsStep("s", 16);
        String resetFrame = Expect.resetFrame(16);
        String stepFrame = Expect.stepFrame("s", 0);
        long begin = System.nanoTime();
        context.runOnContext(ignored -> new Object() {
            int started;
            int connecting;
            int ready;
            int ended;
            long completed;
            long answered;
            long errors;
            String firstError;
            final List<WsLink> links = new ArrayList<>();
            boolean over;

            void pump() {
                while (!over && started < sessions && connecting < window) {
                    int index = started++;
                    connecting++;
                    WsLink.open(clients.get(index % clients.size()), port, "/ws")
                            .onComplete(opened -> {
                                connecting--;
                                pump();
                                if (opened.failed()) {
                                    fail("connect: " + opened.cause());
                                    return;
                                }
                                WsLink link = opened.result();
                                links.add(link);
                                link.send(resetFrame, text -> resetReply.check(text, 0), error -> {
                                    if (error != null) {
                                        fail("reset: " + error);
                                        return;
                                    }
                                    if (++ready == sessions) {
                                        links.forEach(each -> step(each, 1));
                                    }
                                });
                            });
                }
            }

            void step(WsLink link, long n) {
                if (over) {
                    return;
                }
                if (n > steps) {
                    link.close().onComplete(closed -> end(true));
                    return;
                }
                link.send(stepFrame, text -> stepReply.check(text, n), error -> {
                    if (error != null) {
                        fail("step " + n + ": " + error);
                        link.ws.close();
                        return;
                    }
                    answered++;
                    step(link, n + 1);
                });
            }

            void fail(String why) {
                errors++;
                if (firstError == null) {
                    firstError = why;
                }
                end(false);
            }

            void end(boolean ok) {
                if (ok) {
                    completed++;
                }
                if (++ended == sessions) {
                    finish();
                }
            }

            void finish() {
                if (!over) {
                    over = true;
                    if (ended < sessions) {
                        errors += sessions - ended;
                        if (firstError == null) {
                            firstError =
                                    (sessions - ended) + " sessions unfinished after " + timeout.toSeconds() + " s";
                        }
                    }
                    links.forEach(link -> link.ws.close());
                    done.complete(new Outcome(
                            completed, answered, errors, firstError, links.size(), (System.nanoTime() - begin) / 1e9));
                }
            }

            {
                context.owner().setTimer(timeout.toMillis(), id -> finish());
                pump();
            }
        });
        return done.get(timeout.toSeconds() + 60, TimeUnit.SECONDS);
    }

    /** {@code count} cycles of open, reset, one step and close, {@code concurrency} at a time. */
    Outcome cycles(int count, int concurrency, Duration timeout) throws Exception {
        var done = new CompletableFuture<Outcome>();
        Expect resetReply = Expect.wsReset(16);
        Expect stepReply = Expect.wsStep("c", 16);
        String resetFrame = Expect.resetFrame(16);
        String stepFrame = Expect.stepFrame("c", 0);
        long begin = System.nanoTime();
        context.runOnContext(ignored -> new Object() {
            int started;
            int running;
            int ended;
            long completed;
            long errors;
            String firstError;
            boolean over;

            void pump() {
                while (!over && started < count && running < concurrency) {
                    int index = started++;
                    running++;
                    WsLink.open(clients.get(index % clients.size()), port, "/ws")
                            .onComplete(opened -> {
                                if (opened.failed()) {
                                    end("connect: " + opened.cause());
                                    return;
                                }
                                WsLink link = opened.result();
                                link.send(resetFrame, text -> resetReply.check(text, 0), resetError -> {
                                    if (resetError != null) {
                                        link.ws.close();
                                        end("reset: " + resetError);
                                        return;
                                    }
                                    link.send(stepFrame, text -> stepReply.check(text, 1), stepError -> {
                                        if (stepError != null) {
                                            link.ws.close();
                                            end("step: " + stepError);
                                            return;
                                        }
                                        link.close().onComplete(closed -> end(null));
                                    });
                                });
                            });
                }
            }

            void end(String error) {
                running--;
                if (error == null) {
                    completed++;
                } else {
                    errors++;
                    if (firstError == null) {
                        firstError = error;
                    }
                }
                if (++ended == count) {
                    finish();
                } else {
                    pump();
                }
            }

            void finish() {
                if (!over) {
                    over = true;
                    if (ended < count) {
                        errors += count - ended;
                        if (firstError == null) {
                            firstError = (count - ended) + " cycles unfinished after " + timeout.toSeconds() + " s";
                        }
                    }
                    done.complete(new Outcome(
                            completed, completed, errors, firstError, concurrency, (System.nanoTime() - begin) / 1e9));
                }
            }

            {
                context.owner().setTimer(timeout.toMillis(), id -> finish());
                pump();
            }
        });
        return done.get(timeout.toSeconds() + 60, TimeUnit.SECONDS);
    }
}
