"""Precompressed copies of the site's large shared files, for hosts that serve them.

nginx (``gzip_static on``), Caddy (``file_server { precompressed gzip }``) and Apache (with a
rewrite rule) send ``file.gz`` to a browser that accepts gzip, compressed once at build time
at the highest level instead of on every request; hosts that compress on the fly (GitHub
Pages, Netlify, Cloudflare Pages) ignore the copies. Only the scripts, styles and the search
index under ``assets/`` and ``search/`` are copied: the pages are small, and many.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

FOLDERS = ("assets", "search")
SUFFIXES = (".js", ".css", ".json")
SMALLEST = 1024  # bytes: below this, a compressed copy saves next to nothing


def precompress(site: Path) -> list[Path]:
    """Write ``name.gz`` beside every large shared file of ``site`` whose copy is missing or
    stale (byte-identical for the same input: no time stamp in the header); return them."""
    written = []
    for path in _large_files(site):
        data = path.read_bytes()
        packed = path.with_name(path.name + ".gz")
        if not _holds(packed, data):
            _replace(packed, gzip.compress(data, compresslevel=9, mtime=0))
            written.append(packed)
    return written


def _large_files(site: Path) -> list[Path]:
    return sorted(
        path
        for folder in FOLDERS
        for path in (site / folder).rglob("*")
        if path.suffix in SUFFIXES and path.is_file() and path.stat().st_size >= SMALLEST
    )


def _holds(packed: Path, data: bytes) -> bool:
    """Whether ``packed`` is a gzip of exactly ``data`` (an unreadable one is not)."""
    try:
        return gzip.decompress(packed.read_bytes()) == data
    except (OSError, EOFError):
        return False


def _replace(path: Path, content: bytes) -> None:
    """A new file, never a write into the old one: the folder being built may share files
    with the live site by hard links (``output.copy_site``)."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".gz-")
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    os.chmod(name, 0o644)
    os.replace(name, path)
