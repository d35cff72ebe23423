#!/usr/bin/env python3
"""Hold many sessions at once with the unmodified reference GenericEnvClient against one URL.

Usage: python many_sessions.py --url http://127.0.0.1:N --sessions K

Opens K clients one after another and keeps them all open; each resets and reads its state. Prints one JSON
document: {"opened": <sessions that reset and answered state>, "errors": [<text of each failure>]}, then closes
every client.
"""

import argparse
import json
import sys

from openenv.core.generic_client import GenericEnvClient


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--sessions", type=int, required=True)
    args = parser.parse_args()
    held, errors = [], []
    try:
        for _ in range(args.sessions):
            client = GenericEnvClient(base_url=args.url).sync()
            try:
                client.__enter__()
                client.reset()
                client.state()
                held.append(client)
            except Exception as e:  # recorded, the test decides
                errors.append(f"{type(e).__name__}: {e}")
                try:
                    client.__exit__(None, None, None)
                except Exception:
                    pass
        json.dump({"opened": len(held), "errors": errors}, sys.stdout)
        sys.stdout.flush()
    finally:
        for client in held:
            client.__exit__(None, None, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
