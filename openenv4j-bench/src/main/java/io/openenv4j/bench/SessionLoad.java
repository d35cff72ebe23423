package io.openenv4j.bench;

import io.vertx.core.Context;
import io.vertx.core.http.WebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Loads made of whole sessions: the published capacity methodology (a batch of sessions that each
 * connect, reset, take one step that waits a set time, and close), open/close churn, and idle sessions held
 * open. Sessions are spread over several clients bound to different loopback source addresses, so tens of
 * thousands of connections (and their TIME_WAIT remains) never run out of ephemeral ports.
 */
final class SessionLoad {

    private final Context context;
    private final List<WebSocketClient> clients;
    private final int port;

    SessionLoad(Context context, List<WebSocketClient> clients, int port) {
        this.context = context;
        this.clients = clients;
        this.port = port;
    }

    /** One capacity batch: phases broken out; {@code total} is connect to closed. */
    record Batch(
            int size,
            int succeeded,
            Samples connect,
            Samples reset,
            Samples step,
            Samples close,
            Samples total,
            String firstError,
            double seconds) {
        double successRate() {
            return size == 0 ? 0 : (double) succeeded / size;
        }
    }

    /**
     * Runs {@code size} sessions at once (at most {@code connectWindow} handshakes in flight): connect,
     * reset, a step that waits {@code stepDelayMs}, close. A session succeeds when every reply is right and
     * the whole cycle ends before {@code timeout}.
     */
    Batch capacity(int size, long stepDelayMs, int connectWindow, Duration timeout) throws Exception {
        var connect = new Samples();
        var reset = new Samples();
        var step = new Samples();
        var close = new Samples();
        var total = new Samples();
        var done = new CompletableFuture<Integer>();
        Expect resetReply = Expect.wsReset(16);
        Expect stepReply = Expect.wsStep("c", 16);
        String stepFrame = Expect.stepFrame("c", stepDelayMs);
        String resetFrame = Expect.resetFrame(16);
        long begin = System.nanoTime();
        context.runOnContext(ignored -> new Object() {
            int started;
            int connecting;
            int ended;
            int succeeded;
            String firstError;
            final List<WsLink> open = new ArrayList<>();
            boolean over;

            void pump() {
                while (!over && started < size && connecting < connectWindow) {
                    int index = started++;
                    connecting++;
                    long t0 = System.nanoTime();
                    WsLink.open(clients.get(index % clients.size()), port, "/ws")
                            .onComplete(opened -> {
                                connecting--;
                                pump();
                                if (over) {
                                    if (opened.succeeded()) {
                                        opened.result().close();
                                    }
                                    return;
                                }
                                if (opened.failed()) {
                                    end(false, "connect: " + opened.cause());
                                    return;
                                }
                                WsLink link = opened.result();
                                open.add(link);
                                long t1 = System.nanoTime();
                                connect.add(t1 - t0);
                                link.send(resetFrame, text -> resetReply.check(text, 0), resetError -> {
                                    if (resetError != null) {
                                        end(false, "reset: " + resetError);
                                        link.ws.close();
                                        return;
                                    }
                                    long t2 = System.nanoTime();
                                    reset.add(t2 - t1);
                                    link.send(stepFrame, text -> stepReply.check(text, 1), stepError -> {
                                        if (stepError != null) {
                                            end(false, "step: " + stepError);
                                            link.ws.close();
                                            return;
                                        }
                                        long t3 = System.nanoTime();
                                        step.add(t3 - t2);
                                        link.close().onComplete(closed -> {
                                            long t4 = System.nanoTime();
                                            close.add(t4 - t3);
                                            total.add(t4 - t0);
                                            // The server may close first (it answers "close" by closing): either way it
                                            // ended.
                                            end(true, null);
                                        });
                                    });
                                });
                            });
                }
            }

            void end(boolean ok, String why) {
                if (over) {
                    return;
                }
                ended++;
                if (ok) {
                    succeeded++;
                } else if (firstError == null) {
                    firstError = why;
                }
                if (ended == size) {
                    finish();
                }
            }

            void finish() {
                if (!over) {
                    over = true;
                    if (ended < size && firstError == null) {
                        firstError = (size - ended) + " sessions unfinished after " + timeout.toSeconds() + " s";
                    }
                    total.firstError = firstError;
                    open.forEach(link -> link.ws.close());
                    done.complete(succeeded);
                }
            }

            void begin() {
                context.owner().setTimer(timeout.toMillis(), id -> finish());
                pump();
            }
        }.begin());
        int succeeded = done.get(timeout.toSeconds() + 60, TimeUnit.SECONDS);
        return new Batch(
                size,
                succeeded,
                connect,
                reset,
                step,
                close,
                total,
                total.firstError,
                (System.nanoTime() - begin) / 1e9);
    }

    /** Churn: per cycle, the open latency (connect to reset reply); the rate is cycles per second. */
    record Churn(int cycles, Samples open, double seconds) {
        double rate() {
            return cycles / seconds;
        }
    }

    /** Runs {@code cycles} open/reset/close cycles with {@code workers} sessions at a time (bounded by {@code limit}). */
    Churn churn(int cycles, int workers, Duration limit) throws Exception {
        var open = new Samples();
        var done = new CompletableFuture<Integer>();
        Expect resetReply = Expect.wsReset(16);
        String resetFrame = Expect.resetFrame(16);
        long begin = System.nanoTime();
        long deadline = begin + limit.toNanos();
        context.runOnContext(ignored -> new Object() {
            int started;
            int finished;
            int active;

            void cycle() {
                if (started >= cycles || System.nanoTime() > deadline) {
                    if (--active == 0) {
                        done.complete(finished);
                    }
                    return;
                }
                int index = started++;
                long t0 = System.nanoTime();
                WsLink.open(clients.get(index % clients.size()), port, "/ws").onComplete(opened -> {
                    if (opened.failed()) {
                        open.fail("connect: " + opened.cause());
                        finished++;
                        cycle();
                        return;
                    }
                    WsLink link = opened.result();
                    link.send(resetFrame, text -> resetReply.check(text, 0), error -> {
                        if (error == null) {
                            open.add(System.nanoTime() - t0);
                        } else {
                            open.fail("reset: " + error);
                        }
                        link.close().onComplete(closed -> {
                            finished++;
                            cycle();
                        });
                    });
                });
            }

            void begin() {
                active = workers;
                for (int i = 0; i < workers; i++) {
                    cycle();
                }
            }
        }.begin());
        int finished = done.get(limit.toSeconds() + 120, TimeUnit.SECONDS);
        return new Churn(finished, open, (System.nanoTime() - begin) / 1e9);
    }

    /** Opens {@code count} sessions (connect and reset each) and keeps them; null entries never happen. */
    List<WsLink> hold(int count, int window, Samples failures) throws Exception {
        var links = new ArrayList<WsLink>(count);
        if (count <= 0) {
            return links;
        }
        var done = new CompletableFuture<Integer>();
        Expect resetReply = Expect.wsReset(16);
        String resetFrame = Expect.resetFrame(16);
        context.runOnContext(ignored -> new Object() {
            int started;
            int ended;
            int inFlight;

            void pump() {
                while (started < count && inFlight < window) {
                    int index = started++;
                    inFlight++;
                    WsLink.open(clients.get(index % clients.size()), port, "/ws")
                            .onComplete(opened -> {
                                if (opened.failed()) {
                                    failures.fail("connect: " + opened.cause());
                                    end();
                                    return;
                                }
                                WsLink link = opened.result();
                                link.send(resetFrame, text -> resetReply.check(text, 0), error -> {
                                    if (error == null) {
                                        links.add(link);
                                    } else {
                                        failures.fail("reset: " + error);
                                        link.ws.close();
                                    }
                                    end();
                                });
                            });
                }
            }

            void end() {
                inFlight--;
                if (++ended == count) {
                    done.complete(ended);
                } else {
                    pump();
                }
            }
        }.pump());
        done.get(300, TimeUnit.SECONDS);
        return links;
    }

    /** Closes sessions opened by {@link #hold} and waits for their sockets to close. */
    void release(List<WsLink> links) throws Exception {
        var done = new CompletableFuture<Void>();
        context.runOnContext(ignored -> {
            if (links.isEmpty()) {
                done.complete(null);
                return;
            }
            int[] left = {links.size()};
            links.forEach(link -> link.close().onComplete(closed -> {
                if (--left[0] == 0) {
                    done.complete(null);
                }
            }));
        });
        done.get(120, TimeUnit.SECONDS);
    }
}
