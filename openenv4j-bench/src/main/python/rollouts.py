"""The `rollouts` part of `openenv4j bench`: a Python trainer loop with random actions over N environments.

For each environment (CartPole, MountainCar, Blackjack) and each N it measures, in one run on one machine:
  batch  our server over /ws/batch, through openenv4j.vector.VectorEnv (one frame per vector step)
  ws     our server over plain /ws: N sessions, one frame each per vector step (all N sent, then all N read)
  sync   Gymnasium's in-process SyncVectorEnv (make_vec(..., vectorization_mode="sync"))
  async  Gymnasium's AsyncVectorEnv (one worker process per environment)
and reports environment steps per second and CPU per environment step: the trainer process, its worker
processes (async), and the server process (batch, ws; read from /proc/<pid>/stat).

  python rollouts.py --vector .../openenv4j/vector.py --server cartpole=http://127.0.0.1:8001 ... \
      --server-pid 4242 --sizes 1,16,256,1024 --seconds 3 [--async-max 256] > results.json

Prints one JSON object: {"rows": [{"env", "mode", "n", "steps", "seconds", "steps_per_s", "trainer_cpu_us",
"workers_cpu_us", "server_cpu_us", "episodes"} ...], "skipped": ["..."]}. Needs gymnasium, numpy, websockets.
"""

import argparse
import importlib.util
import json
import os
import socket
import sys
import time

import gymnasium
import numpy as np
from websockets.sync.client import connect

GYM_IDS = {"cartpole": "CartPole-v1", "mountain-car": "MountainCar-v0", "blackjack": "Blackjack-v1"}
ACTIONS = {"cartpole": 2, "mountain-car": 3, "blackjack": 2}
TICKS = os.sysconf("SC_CLK_TCK")


def load_vector(path):
    spec = importlib.util.spec_from_file_location("openenv4j_vector", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def proc_cpu(pid):
    """User + system CPU seconds of a process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def children_cpu():
    me = os.getpid()
    total = 0.0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == me:
                total += (int(fields[11]) + int(fields[12])) / TICKS
        except (OSError, IndexError, ValueError):
            continue
    return total


class PlainSockets:
    """N /ws sessions driven as a vector with next-step autoreset: all N frames sent, then all N replies read."""

    def __init__(self, url, n):
        ws_url = url.replace("http://", "ws://").rstrip("/") + "/ws"
        self.sockets = [connect(ws_url, compression=None, max_size=None).__enter__() for _ in range(n)]
        for s in self.sockets:
            s.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = [False] * n

    def reset(self, seed):
        for i, s in enumerate(self.sockets):
            s.send(json.dumps({"type": "reset", "data": {"seed": seed + i}}))
        for s in self.sockets:
            self._check(s.recv())

    def step(self, actions):
        ended = 0
        for i, s in enumerate(self.sockets):
            if self.pending[i]:
                s.send('{"type":"reset","data":{}}')
            else:
                s.send('{"type":"step","data":{"action":%d}}' % int(actions[i]))
        for i, s in enumerate(self.sockets):
            reply = self._check(s.recv())
            if self.pending[i]:
                self.pending[i] = False
            elif reply["data"]["done"]:
                self.pending[i] = True
                ended += 1
        return ended

    @staticmethod
    def _check(text):
        reply = json.loads(text)
        if reply.get("type") != "observation":
            raise RuntimeError("unexpected reply: " + text[:200])
        return reply

    def close(self):
        for s in self.sockets:
            s.send('{"type":"close"}')
            s.close()


def measure(make, step, close, n, seconds, warmup, server_pid):
    envs = make()
    try:
        rng = np.random.default_rng(0)
        deadline = time.perf_counter() + warmup
        while time.perf_counter() < deadline:
            step(envs, rng)
        steps = 0
        episodes = 0
        cpu0, kids0, server0, t0 = time.process_time(), children_cpu(), proc_cpu(server_pid) if server_pid else 0.0, time.perf_counter()
        deadline = t0 + seconds
        while time.perf_counter() < deadline:
            episodes += step(envs, rng)
            steps += n
        t1 = time.perf_counter()
        cpu1, kids1, server1 = time.process_time(), children_cpu(), proc_cpu(server_pid) if server_pid else 0.0
    finally:
        close(envs)
    per = 1e6 / steps
    return {"n": n, "steps": steps, "seconds": round(t1 - t0, 3), "steps_per_s": round(steps / (t1 - t0), 1),
            "trainer_cpu_us": round((cpu1 - cpu0) * per, 3), "workers_cpu_us": round((kids1 - kids0) * per, 3),
            "server_cpu_us": round((server1 - server0) * per, 3) if server_pid else None, "episodes": episodes}


def run(args):
    vector = load_vector(args.vector)
    rows, skipped = [], []
    for spec in args.server:
        env, url = spec.split("=", 1)
        k = ACTIONS[env]
        for n in args.sizes:
            def batch_make():
                envs = vector.VectorEnv(url, n, action_space=gymnasium.spaces.Discrete(k))
                envs.reset(seed=0)
                return envs

            def gym_step(envs, rng):
                _, _, terminated, truncated, _ = envs.step(rng.integers(0, k, n))
                return int(terminated.sum() + truncated.sum())

            def ws_make():
                envs = PlainSockets(url, n)
                envs.reset(0)
                return envs

            def gym_make(mode):
                def make():
                    kwargs = {"vectorization_mode": mode}
                    if mode == "async":
                        kwargs["vector_kwargs"] = {"context": "fork"}
                    envs = gymnasium.make_vec(GYM_IDS[env], num_envs=n, **kwargs)
                    envs.reset(seed=0)
                    return envs
                return make

            modes = [("batch", batch_make, gym_step, args.server_pid),
                     ("ws", ws_make, lambda envs, rng: envs.step(rng.integers(0, k, n)), args.server_pid),
                     ("sync", gym_make("sync"), gym_step, None),
                     ("async", gym_make("async"), gym_step, None)]
            for mode, make, step, pid in modes:
                if mode not in args.modes:
                    continue
                if mode == "async" and n > args.async_max:
                    skipped.append(f"{env} async N={n}: more than --async-max {args.async_max} worker processes")
                    continue
                row = measure(make, step, lambda envs: envs.close(), n, args.seconds, args.warmup, pid)
                row.update(env=env, mode=mode)
                rows.append(row)
                print(f"rollouts: {env} {mode} N={n}: {row['steps_per_s']:.0f} steps/s", file=sys.stderr, flush=True)
    return {"rows": rows, "skipped": skipped}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vector", required=True, help="path of openenv4j/vector.py")
    parser.add_argument("--server", action="append", required=True, help="ENV=URL of our server, e.g. cartpole=http://...")
    parser.add_argument("--server-pid", type=int, default=None, help="the server's process id, for its CPU")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[1, 16, 256, 1024])
    parser.add_argument("--modes", type=lambda s: s.split(","), default=["batch", "ws", "sync", "async"])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--async-max", type=int, default=256)
    args = parser.parse_args()
    json.dump(run(args), sys.stdout)
    print()


if __name__ == "__main__":
    main()
