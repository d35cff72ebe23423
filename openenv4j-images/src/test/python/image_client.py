#!/usr/bin/env python3
"""Play one reset and one step against a served environment with the unmodified reference client.

Usage: python image_client.py --url http://127.0.0.1:PORT --action '{"action": 1}' [--timeout 60]

Uses ``GenericEnvClient`` of the installed reference (openenv-core 0.3.0 or openenv 0.10.0) over its
WebSocket (/ws). Prints one JSON document: the reference's version, the reset and step results
(observation, reward, done) and the state; exits non-zero with the error when the client fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata

from openenv.core.generic_client import GenericEnvClient


def result(r) -> dict:
    return {"observation": r.observation, "reward": r.reward, "done": r.done}


def version() -> str:
    for dist in ("openenv", "openenv-core"):
        try:
            return f"{dist}=={metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--action", required=True)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    env = GenericEnvClient(base_url=args.url, message_timeout_s=args.timeout).sync()
    with env:
        reset = env.reset()
        step = env.step(json.loads(args.action))
        state = env.state()
    state = state.model_dump() if hasattr(state, "model_dump") else dict(state)
    print(json.dumps({"client": version(), "reset": result(reset), "step": result(step), "state": state},
                     default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
