"""``python -m stepcalc`` runs the command-line tool."""

from stepcalc.cli import main

raise SystemExit(main())
