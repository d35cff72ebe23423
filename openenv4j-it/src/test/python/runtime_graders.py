"""The newest reference's runtime graders (``openenv validate``, ``openenv`` >= 0.8) on a server of ours.

Plays a short episode over ``/ws`` (reset with a seed and an episode id, the given actions, ``state`` after
every step), records each exchange as the reference's collector does (request and response text), and runs
the reference's own graders ``runtime.observation_schema``, ``runtime.reward_well_formed`` and
``runtime.state_contract`` on that evidence, with the schemas of ``GET /schema``. Prints
``{"<check id>": {"status": ..., "evidence": [...]}}``.

    runtime_graders.py --url http://127.0.0.1:PORT --seed N --actions actions.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
from types import SimpleNamespace

import httpx
import websockets
from openenv.validation.graders.runtime.basic import (
    ObservationSchemaGrader,
    RewardWellFormedGrader,
    StateContractGrader,
)


async def collect(url: str, seed: int, actions: list) -> list:
    exchanges = []

    async def exchange(ws, operation: str, message: dict) -> dict:
        request = json.dumps(message)
        await ws.send(request)
        response = await asyncio.wait_for(ws.recv(), 60)
        exchanges.append(SimpleNamespace(operation=operation, request_json=request, response_json=response))
        return json.loads(response)

    ws_url = url.replace("http://", "ws://") + "/ws"
    async with websockets.connect(ws_url, open_timeout=30, max_size=None) as ws:
        await exchange(ws, "reset", {"type": "reset", "data": {"seed": seed, "episode_id": "graded-episode"}})
        await exchange(ws, "state", {"type": "state"})
        for action in actions:
            reply = await exchange(ws, "step", {"type": "step", "data": action})
            await exchange(ws, "state", {"type": "state"})
            if reply.get("data", {}).get("done"):
                break
    return exchanges


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--actions", required=True)
    args = parser.parse_args()
    with open(args.actions, encoding="utf-8") as f:
        actions = json.load(f)
    schema = httpx.get(args.url + "/schema", timeout=30).json()
    exchanges = asyncio.run(collect(args.url, args.seed, actions))
    evidence = SimpleNamespace(
        exchanges=exchanges,
        failure_reason=None,
        observation_schema_json=json.dumps(schema["observation"]),
        reset_observation_schema_json=(
            json.dumps(schema["reset_observation"]) if "reset_observation" in schema else None
        ),
    )
    # The manifest's declared reward range; ours are all within it.
    subject = SimpleNamespace(runtime_evidence=evidence, manifest=SimpleNamespace(reward=SimpleNamespace(range=(-1e6, 1e6))))
    out = {}
    for grader in (ObservationSchemaGrader(), RewardWellFormedGrader(), StateContractGrader()):
        result = grader.run(subject)
        out[grader.check_id] = {"status": str(result.status.value), "evidence": list(result.evidence)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
