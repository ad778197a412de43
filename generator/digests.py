"""What a kept result depends on, as a digest: marketweek's own code, a folder's files."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

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
    total = hashlib.sha256()
    for part in parts:
        total.update(len(part).to_bytes(8, "little"))
        total.update(part)
    return total.hexdigest()[:32]
