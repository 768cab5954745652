"""``python -m minutes_ci.gha``: the action's single entry point."""

from .main import main

raise SystemExit(main())
