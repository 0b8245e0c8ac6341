"""Front matter: split it from the body and load its YAML keeping each key's line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kb.errors import ContentError

Path = tuple[Any, ...]
_FENCE = re.compile(r"^---\s*$")
_END = re.compile(r"^(---|\.\.\.)\s*$")


@dataclass(frozen=True)
class YamlKind:
    """What a YAML file is, for its messages: a document's front matter, taxonomy.yml…"""

    key: str  # the key a problem names when no key of the file is at fault
    name: str  # the file as messages name it: "the front matter", "taxonomy.yml"
    shape: str  # what to write when the file holds no 'key: value' lines


FRONT_MATTER = YamlKind(
    "front matter", "the front matter", "front matter must be 'key: value' lines"
)


@dataclass
class FrontMatter:
    """The front matter's values, the line of every key and item, and the body after it."""

    data: dict[str, Any]
    lines: dict[Path, int]
    body: str
    body_line: int  # line number of the body's first line
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # top-level keys
    inner_duplicates: list[tuple[Path, int]] = field(default_factory=list)  # keys below them

    def line(self, *path: Any) -> int:
        """The line of ``path`` (a key, or key and index), else of its parent, else 1."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (yaml text, body, line of the body's first line) or raise ``ContentError``."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise ContentError(
            "no front matter: the file must start with a line '---', then the keys "
            "(title, date, themes...), then a closing '---'",
            path,
            1,
            "front matter",
        )
    for number, line in enumerate(lines[1:], start=1):
        if _END.match(line):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise ContentError(
        "front matter is not closed: add a line '---' after the last key", path, 1, "front matter"
    )


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, leaving dates as text: kb checks them itself, with a message."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml's parser (when PyYAML has it) with the same resolvers and constructor: about ten
# times faster on front matter. A text it refuses is read again by the pure-Python loader,
# whose messages kb turns into problems.
_FastLoader: type[Any] = _Loader
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

    _FastLoader = _CLoader


def _single_node(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node and its data, by libyaml when it reads the text."""
    if _FastLoader is not _Loader:
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
            return node, fast.construct_document(node) if node is not None else {}
        except yaml.YAMLError:
            pass  # read again below, for the message
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else {}
    finally:
        loader.dispose()


def load_yaml(
    text: str, path: str, first_line: int = 1, kind: YamlKind = FRONT_MATTER
) -> FrontMatter:
    """Load a YAML mapping, recording the line of every key and sequence item."""
    try:
        node, data = _single_node(text)
    except yaml.MarkedYAMLError as error:
        index, message = _yaml_problem(error, text, kind)
        key = _key_on_line(text, index) or kind.key
        raise ContentError(message, path, first_line + index, key) from None
    except yaml.YAMLError as error:
        raise ContentError(f"unreadable YAML: {error}", path, first_line, kind.key) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(kind.shape, path, first_line, kind.key)
    found = FrontMatter(data, {}, "", first_line)
    if node is not None:
        _walk(node, (), first_line, found)
    return found


def _walk(node: yaml.Node, path: Path, offset: int, found: FrontMatter) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + offset
            if key in seen and not path:
                found.duplicates.append((str(key), line))
            elif key in seen:
                found.inner_duplicates.append(((*path, key), line))
            seen.add(key)
            found.lines[(*path, key)] = line
            _walk(value_node, (*path, key), offset, found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.lines[(*path, index)] = item.start_mark.line + offset
            _walk(item, (*path, index), offset, found)


_UNCLOSED = {
    "while parsing a flow sequence": "the list opened with '[' is not closed: add ']' at its end",
    "while parsing a flow mapping": "the mapping opened with '{' is not closed: add '}' at its end",
}


def _yaml_problem(error: yaml.MarkedYAMLError, text: str, kind: YamlKind) -> tuple[int, str]:
    """The line (0-based, within the YAML) and an editor's message for a YAML error."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    opened = error.context_mark
    if "\\t" in problem or "'\\t'" in problem or "tab" in problem:
        return (mark.line if mark else 0), (
            f"a tab character in {kind.name}: YAML is indented with spaces only"
        )
    if context in _UNCLOSED and opened is not None:
        return opened.line, f"YAML syntax error: {_UNCLOSED[context]}"
    if context.startswith("while scanning a quoted scalar") and opened is not None:
        line = text.split("\n")[opened.line] if opened.line < text.count("\n") + 1 else ""
        quote = line[opened.column] if opened.column < len(line) else '"'
        return (
            opened.line,
            f"YAML syntax error: the quote opened here is not closed: add the closing {quote}",
        )
    if problem.startswith("expected <block end>"):
        return (mark.line if mark else 0), (
            "YAML syntax error: this line is not indented like the lines around it: "
            "line it up with its neighbours (spaces only)"
        )
    if "mapping values are not allowed" in problem:
        return (mark.line if mark else 0), (
            "YAML syntax error: mapping values are not allowed here"
        )
    where = f"{context}, " if context else ""
    return (mark.line if mark else 0), f"YAML syntax error: {where}{problem}".rstrip(", ")


def _key_on_line(text: str, index: int) -> str:
    """The top-level key the YAML's line ``index`` belongs to ("" before the first)."""
    lines = text.split("\n")
    for i in range(min(index, len(lines) - 1), -1, -1):
        found = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[i])
        if found:
            return found.group(1)
    return ""
