#!/usr/bin/env python3
"""Play a fixed list of actions with the unmodified reference GenericEnvClient and print what it saw.

Usage: python play_episode.py --url http://127.0.0.1:N --seed 7 --episode-id ep --actions FILE

FILE holds a JSON list of action objects. Output (stdout, one JSON document):
{"reset": {observation, reward, done}, "steps": [{observation, reward, done}, ...], "state": {...}}
A step that raises stops the episode and is recorded as {"exception": "<text>"}.
"""

import argparse
import json
import sys

from openenv.core.generic_client import GenericEnvClient


def result(step):
    return {"observation": step.observation, "reward": step.reward, "done": step.done}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--episode-id", required=True)
    parser.add_argument("--actions", required=True)
    args = parser.parse_args()
    with open(args.actions, encoding="utf-8") as f:
        actions = json.load(f)
    out = {"steps": []}
    with GenericEnvClient(base_url=args.url).sync() as env:
        out["reset"] = result(env.reset(seed=args.seed, episode_id=args.episode_id))
        for action in actions:
            try:
                out["steps"].append(result(env.step(action)))
            except Exception as e:  # recorded, the comparison decides
                out["steps"].append({"exception": str(e)})
                break
        out["state"] = env.state()
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
