#!/usr/bin/env python3
"""A minimal GRPO-style trainer step that gets its rewards from an OpenEnv4j reward provider (RFC 007).

Usage: python reward_trainer.py --reward-url http://127.0.0.1:N --rollouts FILE [--timeout 10]

FILE holds a JSON list of trajectories ({"id", "steps": [{"action", "observation", "reward", "done"}],
"outcome": {...}}) as the environment workers collected them; the outcome (with ground truth) comes from
the environment host, never from the agent. The script asks the provider for the group's scores and
group-relative advantages, asks again to show the idempotent cache, and prints one JSON document:
{"info": {...}, "group": {...}, "again_cached": [bool, ...], "weights": {...}}.
A provider failure is printed as {"error": {"status": N, "code": "...", "message": "..."}} with exit code 2:
a trainer must not train on a missing reward.

Standard library only (urllib), so any trainer can copy it.
"""

import argparse
import json
import sys
import urllib.error
import urllib.request


class RewardProviderError(Exception):
    def __init__(self, status, code, message):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


def call(base, path, body=None, timeout=10.0):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(base.rstrip("/") + path, data=data, method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            reply = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8", "replace")
        try:
            error = json.loads(text)["error"]
            raise RewardProviderError(e.code, error.get("code"), error.get("message")) from None
        except (ValueError, KeyError, TypeError):
            raise RewardProviderError(e.code, None, text[:300]) from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise RewardProviderError(None, "TRANSPORT", str(e)) from None
    except ValueError as e:
        raise RewardProviderError(200, "MALFORMED_REPLY", str(e)) from None
    if not isinstance(reply, dict):
        raise RewardProviderError(200, "MALFORMED_REPLY", "reply is not a JSON object")
    return reply


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reward-url", required=True)
    parser.add_argument("--rollouts", required=True)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    with open(args.rollouts, encoding="utf-8") as f:
        rollouts = json.load(f)
    try:
        info = call(args.reward_url, "/v1/info", timeout=args.timeout)
        group = call(args.reward_url, "/v1/score/group", {"trajectories": rollouts}, timeout=args.timeout)
        if len(group.get("results", [])) != len(rollouts) or len(group.get("advantages", [])) != len(rollouts):
            raise RewardProviderError(200, "MALFORMED_REPLY", "one result and one advantage per rollout expected")
        again = call(args.reward_url, "/v1/score/batch", {"trajectories": rollouts}, timeout=args.timeout)
    except RewardProviderError as e:
        print(json.dumps({"error": {"status": e.status, "code": e.code, "message": e.message}}))
        return 2
    # A policy-gradient step would weight each rollout's log-probability by its advantage; here we just report them.
    weights = {r["id"]: a for r, a in zip(group["results"], group["advantages"])}
    print(json.dumps({"info": info, "group": group, "again_cached": [r["cached"] for r in again["results"]],
                      "weights": weights}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
