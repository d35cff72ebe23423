package io.openenv4j.bench;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two load shapes: closed loop (one exchange at a time, the next sent when the reply is in) and open
 * loop (requests sent at fixed intended times whatever the replies do, latency counted from the intended
 * time, so a stalled server cannot hide its stall: no coordinated omission). Both run on the driver's event
 * loop; the calling thread waits on a future. Nothing spins: the open loop sleeps in the event loop's timer
 * until the next intended send time.
 */
final class Loops {

    private Loops() {}

    /** One request/reply of some transport; calls {@code reply} exactly once. */
    @FunctionalInterface
    interface Exchange {
        void exchange(WsLink.Reply reply);
    }

    /** Exchanges back to back for {@code duration} (or {@code maxCount} exchanges) on {@code context}. */
    static Samples closed(Context context, Exchange exchange, Duration duration, int maxCount) throws Exception {
        var samples = new Samples();
        var done = new CompletableFuture<Samples>();
        context.runOnContext(ignored -> new Object() {
            final long start = System.nanoTime();
            final long end = start + duration.toNanos();
            long sent;
            long waitingSince;
            long watchdog;

            void begin() {
                // A reply that never comes must not hang the run: give up on it after 10 s.
                watchdog = context.owner().setPeriodic(1_000, id -> {
                    if (waitingSince != 0 && System.nanoTime() - waitingSince > 10_000_000_000L && !done.isDone()) {
                        samples.fail("no reply within 10 s");
                        samples.wallNanos = System.nanoTime() - start;
                        done.complete(samples);
                    }
                });
                next();
            }

            void next() {
                long t0 = System.nanoTime();
                waitingSince = t0;
                sent++;
                exchange.exchange(error -> {
                    long t1 = System.nanoTime();
                    waitingSince = 0;
                    if (done.isDone()) {
                        return;
                    }
                    if (error == null) {
                        samples.add(t1 - t0);
                    } else {
                        samples.fail(error);
                    }
                    if (t1 < end && sent < maxCount && samples.errors < 10) {
                        next();
                    } else {
                        samples.wallNanos = t1 - start;
                        context.owner().cancelTimer(watchdog);
                        done.complete(samples);
                    }
                });
            }
        }.begin());
        return done.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
    }

    /** Exchanges in the calling thread, for the in-process baselines. */
    static Samples inline(Runnable call, Duration duration, int maxCount) {
        var samples = new Samples();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < maxCount; i++) {
            long t0 = System.nanoTime();
            try {
                call.run();
                samples.add(System.nanoTime() - t0);
            } catch (RuntimeException e) {
                samples.fail(String.valueOf(e));
            }
            if (System.nanoTime() > end || samples.errors >= 10) {
                break;
            }
        }
        samples.wallNanos = System.nanoTime() - start;
        return samples;
    }

    /**
     * Sends step requests at {@code rate} per second for {@code duration}, spread round-robin over {@code
     * links} (pipelined when a session still has a request in flight), and waits up to {@code drain} after
     * the last send for the replies. Latency is measured from each request's intended send time.
     */
    static Samples open(
            Context context,
            List<WsLink> links,
            String frame,
            Expect expect,
            double rate,
            Duration duration,
            Duration drain,
            int maxPendingPerLink)
            throws Exception {
        var samples = new Samples();
        var done = new CompletableFuture<Samples>();
        long total = Math.max(1, (long) (rate * duration.toNanos() / 1e9));
        double period = 1e9 / rate;
        EventLoop loop = ((ContextInternal) context).nettyEventLoop();
        context.runOnContext(ignored -> new Object() {
            final long start = System.nanoTime() + 1_000_000;
            long next;
            long finished;
            boolean over;

            void tick() {
                if (over) {
                    return;
                }
                long now = System.nanoTime();
                while (next < total) {
                    long intended = start + (long) (next * period);
                    if (intended > now) {
                        break;
                    }
                    WsLink link = links.get((int) (next % links.size()));
                    next++;
                    if (link.pending() >= maxPendingPerLink) {
                        samples.dropped++;
                        finished++;
                        continue;
                    }
                    long step = link.nextStep++;
                    link.send(frame, text -> expect.check(text, step), error -> {
                        if (over) {
                            return;
                        }
                        if (error == null) {
                            samples.add(System.nanoTime() - intended);
                        } else {
                            samples.fail(error);
                        }
                        if (++finished == total) {
                            finish();
                        }
                    });
                }
                if (finished == total) {
                    finish();
                } else if (next < total) {
                    loop.schedule(
                            this::tick,
                            Math.max(0, start + (long) (next * period) - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                }
            }

            void finish() {
                if (!over) {
                    over = true;
                    samples.wallNanos = System.nanoTime() - start;
                    samples.dropped += total - finished;
                    done.complete(samples);
                }
            }

            void begin() {
                context.owner().setTimer(duration.toMillis() + drain.toMillis() + 1, id -> finish());
                loop.schedule(this::tick, 1, TimeUnit.MILLISECONDS);
            }
        }.begin());
        return done.get(duration.toSeconds() + drain.toSeconds() + 60, TimeUnit.SECONDS);
    }
}
