"""``python -m cli``: the ``kb`` command."""

from cli import main

main()
