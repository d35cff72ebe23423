"""``python -m openenv4j ...``: the same as the ``openenv4j`` console script."""

import sys

from ._cli import main

sys.exit(main())
