"""What a kept result depends on, as a digest: marketweek's own code, a folder's files."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).parent


@cache
def code_digest() -> str:
    """marketweek's own code, templates and assets: a new version redoes everything kept."""
    from generator import PACKAGED_TEMPLATES

    if PACKAGED_TEMPLATES.is_relative_to(PACKAGE):  # a wheel: the templates are inside
        return files_digest(PACKAGE)
    return digest(files_digest(PACKAGE).encode(), files_digest(PACKAGED_TEMPLATES).encode())


def files_digest(folder: Path, skip: str = "") -> str:
    """Every file below ``folder`` (``skip``: a file stem left out), names and bytes."""
    if not folder.is_dir():
        return ""
    paths = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and (not skip or p.stem != skip)
    )
    return digest(*(f"{p.relative_to(folder)}\0".encode() + p.read_bytes() for p in paths))


def digest(*parts: bytes) -> str:
    """The one digest of kept results and their keys: each part length-prefixed, so parts
    never run into each other; 128 bits (blake2b: fast on a site's thousands of files)."""
    total = hashlib.blake2b(digest_size=16)
    for part in parts:
        total.update(len(part).to_bytes(8, "little"))
        total.update(part)
    return total.hexdigest()


def shared_repr(value: Any) -> str:
    """``repr`` of nested dicts, lists and tuples that writes a container met before (a YAML
    alias names the same list many times) as a reference to its first writing: the text
    grows with the values written, not with the values an alias would expand to."""
    seen: dict[int, int] = {}
    out: list[str] = []
    todo: list[Any] = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, _Text):
            out.append(item)
        elif isinstance(item, dict | list | tuple):
            if id(item) in seen:
                out.append(f"@{seen[id(item)]},")
                continue
            seen[id(item)] = len(seen)
            todo.extend(reversed([_Text(f"{type(item).__name__}("), *_parts(item), _Text(")")]))
        else:
            out.append(repr(item) + ",")
    return "".join(out)


def _parts(item: dict[Any, Any] | list[Any] | tuple[Any, ...]) -> list[Any]:
    if isinstance(item, dict):
        return [part for key, value in item.items() for part in (key, _Text(":"), value)]
    return list(item)


class _Text(str):
    """Punctuation of ``shared_repr``, told apart from the strings it writes."""
