#!/usr/bin/env python3
"""Reset with task selection in reset's extra fields, using the unmodified reference GenericEnvClient.

Usage: python task_resets.py --url http://127.0.0.1:N --plan FILE

FILE holds a JSON list of {"reset": {kwargs...}, "answer": "<text>" (optional)}. For each entry the client
calls env.reset(**kwargs), then env.step({"answer": ...}) when an answer is given, then env.state().
Output (stdout, one JSON document): a list of {"reset": {...}, "step": {...}?, "state": {...}} or
{"exception": "<text>"} when the server answered with an error.
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
    parser.add_argument("--plan", required=True)
    args = parser.parse_args()
    with open(args.plan, encoding="utf-8") as f:
        plan = json.load(f)
    out = []
    with GenericEnvClient(base_url=args.url).sync() as env:
        for entry in plan:
            seen = {}
            try:
                seen["reset"] = result(env.reset(**entry["reset"]))
                if "answer" in entry:
                    seen["step"] = result(env.step({"answer": entry["answer"]}))
                seen["state"] = env.state()
            except Exception as e:  # recorded, the test decides
                seen = {"exception": str(e)}
            out.append(seen)
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
