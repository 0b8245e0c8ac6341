"""Mutation testing with mutmut on a copy of the project: ``python -m tests.mutation
kb/analysis.py --tests tests/test_search.py`` (docs/testing.md).

mutmut (``.venv/bin/pip install 'mutmut>=3.8,<4'``, not a dependency of the project) reads
its settings from a ``setup.cfg`` written into a temporary copy of the project (the working
tree is never touched), mutates the given modules of ``kb/`` one change at a time, runs the
given tests against each mutant, and the command prints how many were killed and, for each
survivor, its diff: a survivor is a change of the code that no test notices. mutmut 3 does
not mutate decorated functions (``@cache``) nor module-level constants; what lives there
is guarded by ``python -m tests.remove_property``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from tests.remove_property import copy_project

SETTINGS = """[mutmut]
source_paths=
    kb/
only_mutate=
{modules}
also_copy=
    indexer/
    web/
    cli/
    content/
pytest_add_cli_args_test_selection=
{tests}
"""
RESULT = re.compile(r"^\s*(\S+): (\w[\w ]*)$")
MODULE = re.compile(r"^(.+?)\.x(?:_|ǁ)")  # kb.search.plan.x_groups__mutmut_1 → kb.search.plan


def mutmut() -> str:
    """The mutmut command beside this Python, or a clear error."""
    found = Path(sys.executable).with_name("mutmut")
    if not found.exists():
        raise SystemExit("mutmut is missing: .venv/bin/pip install 'mutmut>=3.8,<4'")
    return str(found)


def results(root: Path) -> dict[str, str]:
    """Every mutant of the last run and its status (killed, survived, timeout…)."""
    shown = subprocess.run(
        [mutmut(), "results", "--all", "true"], cwd=root, capture_output=True, text=True
    )
    found = {}
    for line in shown.stdout.splitlines():
        match = RESULT.match(line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def per_module(found: dict[str, str]) -> dict[str, Counter[str]]:
    """The statuses counted per mutated module (one run may mutate several)."""
    modules: dict[str, Counter[str]] = {}
    for name, status in found.items():
        match = MODULE.match(name)
        modules.setdefault(match.group(1) if match else name, Counter())[status] += 1
    return modules


def diff(root: Path, name: str) -> str:
    """The lines a mutant changes."""
    shown = subprocess.run([mutmut(), "show", name], cwd=root, capture_output=True, text=True)
    lines = shown.stdout.splitlines()
    return "\n".join(
        f"      {line}"
        for line in lines
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="+", help="modules of kb/ to mutate (kb/analysis.py)")
    parser.add_argument("--tests", nargs="+", default=["tests/test_search.py"])
    parser.add_argument("--max-children", default="2", help="mutants tested at once")
    parser.add_argument("--keep", action="store_true", help="keep the copy (mutmut browse)")
    args = parser.parse_args(argv)
    command = mutmut()
    # Stopped (timeout, kill): mutmut is stopped too and the copy removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="kb-mutation-"))
    try:
        root = copy_project(folder)
        indent = "\n".join(f"    {line}" for line in args.modules)
        tests = "\n".join(f"    {line}" for line in args.tests)
        (root / "setup.cfg").write_text(SETTINGS.format(modules=indent, tests=tests))
        run = subprocess.run(
            [command, "run", "--max-children", args.max_children],
            cwd=root,
            stdout=subprocess.DEVNULL,
        )
        if run.returncode != 0:
            print(f"mutmut run failed ({run.returncode}): the tests may fail unmutated")
            return 2
        found = results(root)
        print(f"{len(found)} mutants of {', '.join(args.modules)}, tests {' '.join(args.tests)}")
        for status, count in sorted(Counter(found.values()).items()):
            print(f"  {status}: {count}")
        for module, statuses in sorted(per_module(found).items()):
            counts = ", ".join(f"{s} {n}" for s, n in sorted(statuses.items()))
            print(f"  {module}: {sum(statuses.values())} mutants ({counts})")
        for name, status in sorted(found.items()):
            if status != "killed":
                print(f"  {status} {name}\n{diff(root, name)}")
        return 0
    finally:
        if args.keep:
            print(f"copy kept in {folder / 'w' / 'project'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
