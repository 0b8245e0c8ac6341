"""Architecture checks on the source itself: import cycles and sizes.

- No import cycle among the modules of one package (``kb``, ``indexer``, ``web``, with
  their subpackages: ``kb.search.x`` and ``kb.explain`` are both modules of ``kb``).
  The graph is grimp's, so imports inside functions count: a function-level import still
  ties the two modules together at run time. Imports under ``if TYPE_CHECKING:`` do not
  count: they never run, so they cannot leave a module half-initialised, and two modules
  that only name each other's types in annotations are not a run-time cycle.
  (import-linter's ``acyclic_siblings`` contract was not enough: it only looks for cycles
  between the children of a package, so ``web`` importing ``web.api`` which imports
  ``web`` again goes unseen.)
- No module of more than ``MAX_MODULE_LINES`` lines, unless it is a data table (see
  ``is_data_table``), and no function or method of more than ``MAX_FUNCTION_LINES``
  lines, counted from its ``def`` line to its last line (decorators excluded, nested
  functions counted in the function that holds them and on their own).

Each failure lists every offender at once, so that all of them can be fixed in one go.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator, Mapping, Set
from itertools import pairwise
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kb", "indexer", "web", "cli")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
DATA_TABLE_SHARE = 0.9

Graph = Mapping[str, Set[str]]


# Import cycles -----------------------------------------------------------------------------


def top_package(module: str) -> str:
    return module.split(".", 1)[0]


def strongly_connected(graph: Graph) -> list[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan's, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return sorted(components)


def _shortest_path(graph: Graph, start: str, goal: str, within: Set[str]) -> list[str]:
    """The shortest path from ``start`` to ``goal`` through ``within`` (both ends included)."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (step := previous[path[-1]]) is not None:
                path.append(step)
            return path[::-1]
        for successor in sorted(graph.get(node, ())):
            if successor in within and successor not in previous:
                previous[successor] = node
                queue.append(successor)
    raise ValueError(f"no path from {start} to {goal}")


def package_cycles(graph: Graph) -> list[tuple[list[str], list[list[str]]]]:
    """Each group of modules of one package that import each other, with its cycles.

    A group is a strongly connected component of ``graph`` holding two or more modules of
    one top package. Its cycles are, for each import inside the group, the shortest cycle
    through that import, each written from its first module in alphabetical order and
    ending where it starts (``["a", "b", "a"]``), without repeats.
    """
    found = []
    for component in strongly_connected(graph):
        tops = [top_package(module) for module in component]
        if all(tops.count(top) < 2 for top in tops):
            continue
        members = set(component)
        cycles: set[tuple[str, ...]] = set()
        for importer in component:
            for imported in graph[importer] & members:
                if imported == importer:
                    continue
                loop = [importer, *_shortest_path(graph, imported, importer, members)][:-1]
                first = loop.index(min(loop))
                loop = loop[first:] + loop[:first]
                cycles.add((*loop, loop[0]))
        ordered = sorted(cycles, key=lambda cycle: (len(cycle), cycle))
        found.append((component, [list(cycle) for cycle in ordered]))
    return found


def project_import_graph() -> tuple[grimp.ImportGraph, dict[str, set[str]]]:
    """grimp's graph of the three packages, and its module -> imported modules mapping."""
    imports = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    graph = {
        module: set(imports.find_modules_directly_imported_by(module)) & imports.modules
        for module in imports.modules
    }
    return imports, graph


def test_package_cycles_finds_a_cycle_and_writes_it_in_order() -> None:
    graph: dict[str, set[str]] = {
        "web": {"web.api", "kb.search"},
        "web.api": {"web.pages"},
        "web.pages": {"web"},
        "kb.search": {"kb.explain"},
        "kb.explain": {"kb.names"},
        "kb.names": {"indexer.build"},
        "indexer.build": {"kb.names"},  # one module of each package: not this test's cycle
    }
    assert package_cycles(graph) == [
        (["web", "web.api", "web.pages"], [["web", "web.api", "web.pages", "web"]])
    ]
    graph["kb.names"].add("kb.search")
    assert [cycle for _, cycles in package_cycles(graph) for cycle in cycles] == [
        ["indexer.build", "kb.names", "indexer.build"],
        ["kb.explain", "kb.names", "kb.search", "kb.explain"],
        ["web", "web.api", "web.pages", "web"],
    ]


def test_no_import_cycle_inside_a_package() -> None:
    imports, graph = project_import_graph()
    assert graph, "grimp found no module"

    def line(importer: str, imported: str) -> str:
        details = imports.get_import_details(importer=importer, imported=imported)
        return f"{importer}:{min(d['line_number'] for d in details)}" if details else importer

    report = []
    for component, cycles in package_cycles(graph):
        report.append(f"{len(component)} modules import each other: {', '.join(component)}")
        for cycle in cycles:
            steps = [line(a, b) for a, b in pairwise(cycle)]
            report.append("    " + " -> ".join([*steps, cycle[-1]]))
    assert not report, (
        "Import cycles inside a package (module:line of the import -> imported module):\n"
        + "\n".join(report)
    )


# Sizes -------------------------------------------------------------------------------------


def source_files() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    )


def _is_table_literal(node: ast.expr) -> bool:
    """A dict, list, tuple or set display made of literals only (``ast.literal_eval``'s)."""
    if not isinstance(node, ast.Dict | ast.List | ast.Tuple | ast.Set):
        return False
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def is_data_table(source: str) -> bool:
    """Whether a module is a data table, exempt from the module size limit.

    It is when at least ``DATA_TABLE_SHARE`` of its lines are top-level assignments
    (``X = ...`` or ``X: T = ...``) of a dict, list, tuple or set literal whose items are
    all literals (strings, numbers, ``None``, booleans, nested such containers).
    """
    tree = ast.parse(source)
    total = len(source.splitlines())
    table_lines: set[int] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            if _is_table_literal(statement.value):
                end = statement.end_lineno or statement.lineno
                table_lines.update(range(statement.lineno, end + 1))
    return total > 0 and len(table_lines) >= DATA_TABLE_SHARE * total


def function_lengths(source: str) -> Iterator[tuple[str, int, int]]:
    """(qualified name, ``def`` line, length in lines) of every function and method."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                end = child.end_lineno or child.lineno
                yield name, child.lineno, end - child.lineno + 1
                yield from walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(ast.parse(source), "")


def test_size_rules_on_examples() -> None:
    rows = "".join(f"    'key {n}': ({n}, -1.5, None, [True, 'a' 'b']),\n" for n in range(16))
    table = f'"""A docstring."""\n\nX: dict = {{\n{rows}}}\nY = ("x", "y")\n'  # 19 of 21 lines
    assert is_data_table(table)
    assert not is_data_table(table.replace("None", "len"))  # a name is not a literal
    assert not is_data_table(table.replace('("x", "y")', '"xy"'))  # not a container
    assert not is_data_table(table + "def f():\n    return X\n")  # 19 of 23 lines
    source = (
        "@decorator\n"
        "def outer():\n"
        "    def inner():\n"
        "        return 1\n"
        "    return inner\n"
        "\n"
        "class A:\n"
        "    async def method(self):\n"
        "        pass\n"
    )
    assert list(function_lengths(source)) == [
        ("outer", 2, 4),
        ("outer.inner", 3, 2),
        ("A.method", 8, 2),
    ]


def test_no_oversized_module() -> None:
    offenders = []
    for path in source_files():
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES and not is_data_table(source):
            offenders.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not offenders, (
        f"Modules over {MAX_MODULE_LINES} lines (data tables excepted):\n" + "\n".join(offenders)
    )


def test_no_oversized_function() -> None:
    offenders = []
    for path in source_files():
        for name, line, length in function_lengths(path.read_text(encoding="utf-8")):
            if length > MAX_FUNCTION_LINES:
                offenders.append(f"{path.relative_to(ROOT)}:{line} {name}: {length} lines")
    assert not offenders, (
        f"Functions over {MAX_FUNCTION_LINES} lines (def to last line):\n" + "\n".join(offenders)
    )
