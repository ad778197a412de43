"""The only module that knows the publishing engine (MkDocs 1.6) or touches ``site/``.

The docs tree is written to a staging folder with its own ``mkdocs.yml`` (no hooks, no
plugins of ours, nothing generated inside the engine), built there into a temporary folder,
and swapped in for ``site/`` only when the build succeeded. The engine builds the pages; the
files they link to in HTML alone (the charts' specs, data and SVGs, the feeds) are staged
beside its docs and linked into the site as they are (``split``). Switching engines means changing
``ENGINE`` (``engine_process``) and this module, nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from generator import children, errors
from generator.config import PACKAGED_TEMPLATES
from generator.config_file import EnvTag, key_line
from generator.digests import digest as content_digest
from generator.errors import ConfigError, PublishError, StrictError, where
from generator.kept import read as read_kept
from generator.kept import same_inputs, signature, write_whole
from generator.model import Config, DocsTree, Document
from generator.publish import compress, output
from generator.publish.settings import SEARCH

ENGINE = (sys.executable, "-m", "generator.publish.engine_process")  # MkDocs' command line
ENGINE_VERSIONS = " ".join(
    f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "marketweek")
)
WARNING = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")
CONFIG_VALUE = re.compile(r"Config value '([\w.]+)': (.*)")
OVERRIDE_FRAME = re.compile(r'File "(?:[^"]*/)?overrides/([^"]+)", line (\d+)')
TEMPLATE_ERROR = re.compile(  # Jinja's errors, and Python's raised in a template (TypeError…)
    r"^(?:jinja2\.exceptions\.\w+|(?:\w+\.)*\w+(?:Error|Exception)): (.*)$", re.MULTILINE
)
NOT_FOUND = re.compile(r"('.+') not found in search paths?: .*")
DIRTY_NOTICE = "A 'dirty' build is being performed"  # MkDocs' warning for building over a site
SEARCH_INDEX = Path("search/search_index.json")


class _Dumper(yaml.SafeDumper):
    pass


def _represent_env(dumper: yaml.SafeDumper, tag: EnvTag) -> yaml.Node:
    return dumper.represent_sequence("!ENV", tag.args, flow_style=True)


_Dumper.add_representer(EnvTag, _represent_env)


def engine_config(tree: DocsTree, config: Config) -> dict[str, Any]:
    """The user's MkDocs settings plus what the generated tree needs."""
    settings = dict(config.mkdocs)
    settings.update(
        docs_dir="docs",
        nav=list(tree.nav),
        extra_css=[*settings.get("extra_css", []), *tree.extra_css],
        extra_javascript=[*settings.get("extra_javascript", []), *tree.extra_javascript],
        not_in_nav="/weeks/*/index.md\n",
        validation={
            "omitted_files": "info",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
    )
    settings.setdefault("plugins", [{"search": dict(SEARCH)}])  # a user's own plugins stand
    if tree.overrides:
        settings["theme"] = {**settings.get("theme", {}), "custom_dir": "overrides"}
    return settings


def write_folder(folder: Path, documents: tuple[Document, ...]) -> dict[str, str]:
    """Make ``folder`` (ours alone, inside the staging folder) hold exactly ``documents``,
    writing only files whose bytes changed, so an unchanged page keeps its file untouched.

    What was written last is listed in a manifest in the folder (each file's digest, size
    and modification time), so an unchanged file costs a ``stat``, not a read; a file whose
    size or time differs from the manifest's is compared byte by byte. A document staged
    from the very same content by this process (a preview stages its kept weeks on every
    edit) costs nothing, while the manifest is as this process wrote it. Returns each file's
    digest."""
    names = {document.path for document in documents}
    listed, contents = _as_staged(folder)
    if listed is None:
        _remove_unwanted(folder, names)
    else:
        for path in set(listed) - names:
            (folder / path).unlink(missing_ok=True)
            _remove_empty_parents(folder, folder / path)
    written: dict[str, list[Any]] = {}
    for document in documents:
        name = document.path
        known = listed.get(name) if listed is not None else None
        if known is not None and contents.get(name) is document.content:
            written[name] = known
            continue
        target = os.path.join(folder, name)  # not Path: a third of the time, 28,000 files
        digest = document.digest or content_digest(document.data)
        if known is not None and known[0] == digest and _unchanged(target, known):
            written[name] = known
            continue
        if not _same(target, content := document.data):
            _write_new(target, content)
        status = os.stat(target)
        written[name] = [digest, status.st_size, status.st_mtime_ns]
    manifest = folder / MANIFEST
    if written != listed:
        manifest.write_text(json.dumps(written, sort_keys=True), encoding="utf-8")
    _STAGED[folder] = (signature(manifest), written, {d.path: d.content for d in documents})
    return {name: entry[0] for name, entry in written.items()}


MANIFEST = ".marketweek-staged.json"  # what write_folder last wrote (MkDocs skips dot files)
# What this process last staged in each folder: the manifest's signature as written, the
# manifest, and each file's content object.
_STAGED: dict[Path, tuple[tuple[int, int, int] | None, dict[str, list[Any]], dict[str, Any]]] = {}


def written_over(folder: Path) -> None:
    """A file of ``folder`` was written by other hands (the preview's error banner): the next
    staging compares every file with the manifest again, not by what it staged last."""
    _STAGED.pop(folder, None)


def _as_staged(folder: Path) -> tuple[dict[str, list[Any]] | None, dict[str, Any]]:
    """The manifest, and the contents this process staged from, while the manifest is the
    one it wrote; else the manifest as read (None: absent or damaged) and no contents."""
    written, listed, contents = _STAGED.get(folder, (None, {}, {}))
    if written is not None and written == signature(folder / MANIFEST):
        return listed, contents
    return _manifest(folder), {}


def _manifest(folder: Path) -> dict[str, list[Any]] | None:
    """The manifest as written; None when absent or damaged (every file is then compared)."""
    return read_kept(folder / MANIFEST, json.loads, _is_manifest)


def _is_manifest(listed: Any) -> bool:
    return isinstance(listed, dict) and all(
        isinstance(entry, list) and len(entry) == 3 for entry in listed.values()
    )


def _unchanged(path: str, known: list[Any]) -> bool:
    try:
        status = os.stat(path)
    except OSError:
        return False
    return [status.st_size, status.st_mtime_ns] == known[1:]


def _remove_unwanted(folder: Path, wanted: set[str]) -> None:
    if folder.exists():
        for path in sorted(folder.rglob("*"), reverse=True):
            relative = path.relative_to(folder).as_posix()
            if path.is_file() and relative not in wanted and path.name != MANIFEST:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def _remove_empty_parents(folder: Path, path: Path) -> None:
    parent = path.parent
    while parent != folder and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def _write_new(path: str, content: bytes) -> None:
    """``content`` as a new file at ``path``, never written into the old one: a staged file
    published as it is shares its inode with the live site (``publish_files``)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, name = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".staging-")
    with os.fdopen(fd, "wb") as file:
        file.write(content)
    os.chmod(name, 0o644)  # as a file written anew (mkstemp's are the owner's alone)
    os.replace(name, path)


def _same(path: str, content: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(content):
            return False
        with open(path, "rb") as file:
            return file.read() == content
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def tree_stamp(
    tree: DocsTree,
    config_text: str,
    site_url: str,
    frame: bool = False,
    digests: Mapping[str, str] | None = None,
) -> str:
    """A digest of everything the engine reads: same stamp, same site. With ``frame``, of
    everything but the files (the config, its navigation included, and the overrides whole):
    two trees with the same frame differ only in pages and files the engine can add or redo
    one by one. (The build date only dates the sitemap, which every build writes.) With
    ``digests`` (each file's, as staged), the files are not read again."""
    digest = hashlib.sha256()
    for part in (ENGINE_VERSIONS, config_text, site_url):
        digest.update(part.encode("utf-8") + b"\0")
    if frame:
        return _with_overrides(digest, tree)
    digest.update(_epoch(tree.epoch).encode("utf-8") + b"\0")
    for document in sorted(tree.documents, key=_path):
        content = digests[document.path].encode() if digests else document.data
        digest.update(document.path.encode("utf-8") + b"\0" + content + b"\0")
    return _with_overrides(digest, tree)


def _with_overrides(digest: hashlib._Hash, tree: DocsTree) -> str:
    for document in sorted(tree.overrides, key=_path):
        digest.update(document.path.encode("utf-8") + b"\0" + document.data + b"\0")
    return digest.hexdigest()


def _path(document: Document) -> str:
    return document.path


def _epoch(epoch: int) -> str:
    return os.environ.get("SOURCE_DATE_EPOCH") or str(epoch)


def stage(tree: DocsTree, config: Config) -> tuple[Path, output.Stamp]:
    """Write the docs tree and its config into the staging folder (ours alone); return the
    config file and the stamp of what was staged."""
    try:
        return _stage(tree, config)
    except OSError as exc:  # a full disk: said of the staging folder
        raise _output_error(exc, config, "staging_dir") from exc


def _stage(tree: DocsTree, config: Config) -> tuple[Path, output.Stamp]:
    pages, as_they_are = split(tree)
    digests = write_folder(config.staging_dir / "docs", pages)
    digests |= write_folder(config.staging_dir / AS_THEY_ARE, as_they_are)
    write_folder(config.staging_dir / "overrides", tree.overrides)
    config_file = config.staging_dir / "mkdocs.yml"
    text = "# Written by marketweek from ../../mkdocs.yml; edit that file, not this one.\n" + (
        yaml.dump(engine_config(tree, config), Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    )
    if not config_file.is_file() or config_file.read_text(encoding="utf-8") != text:
        config_file.write_text(text, encoding="utf-8")
    stamp = output.Stamp(
        tree_stamp(tree, text, config.site_url, digests=digests),
        frame=tree_stamp(tree, text, config.site_url, frame=True),
        paths=tuple(sorted(d.path for d in tree.documents)),
    )
    return config_file, stamp


AS_THEY_ARE = "files"  # the staged files published as they are, beside the engine's docs


@same_inputs  # staging splits the tree, and the preview again to see what changed
def split(tree: DocsTree) -> tuple[tuple[Document, ...], tuple[Document, ...]]:
    """The files the engine builds (the pages, and the styles and scripts its settings
    name) and the files published as they are: the charts' specs, data and SVGs and the
    feeds, 14 of a week's 15 files, which pages link to in HTML alone. Walking and copying
    them took MkDocs a second at 1,900 weeks; they are linked into the site instead."""
    named = {*tree.extra_css, *tree.extra_javascript}
    pages: list[Document] = []
    as_they_are: list[Document] = []
    for document in tree.documents:
        built = document.path.endswith(".md") or document.path in named
        (pages if built else as_they_are).append(document)
    return tuple(pages), tuple(as_they_are)


def publish_files(staging: Path, site: Path, paths: Iterable[str]) -> None:
    """The staged files published as they are, linked into ``site`` (a copy where links
    cannot be made) unless the site holds them already: the same size and time, a link
    made by an earlier build (the staging never writes into a file: ``_write_new``)."""
    folder = staging / AS_THEY_ARE
    for path in paths:
        source, target = os.path.join(folder, path), os.path.join(site, path)
        status = os.stat(source)
        try:
            there = os.stat(target)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        else:
            if (there.st_size, there.st_mtime_ns) == (status.st_size, status.st_mtime_ns):
                continue
            os.unlink(target)
        output.link(source, target)


class Engine:
    """The engine's process, started before the tree is generated so that its imports (a
    third of a second) run beside marketweek's work; told what to build once it is staged."""

    def __init__(self, config_file: Path) -> None:
        self.process = children.start(
            [*ENGINE, "--wait", str(config_file)],  # the config it is to build, for ps
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )

    def run(
        self,
        config_file: Path,
        out: Path,
        epoch: int,
        dirty: bool = False,
        meanwhile: Callable[[], None] = lambda: None,
    ) -> tuple[int, str]:
        """One build of the staged config into ``out``: MkDocs' exit code and its log; this
        process does ``meanwhile`` while the engine builds."""
        args = ["build", "--dirty" if dirty else "--clean", "-f", str(config_file), "-d", str(out)]
        order = {"args": args, "env": {"SOURCE_DATE_EPOCH": _epoch(epoch)}}
        assert self.process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # ended already: its log says why
            self.process.stdin.write(json.dumps(order) + "\n")
            self.process.stdin.flush()  # the engine starts on it now
        try:
            meanwhile()
        except BaseException:  # stopped before its folder is removed under it
            children.stop(self.process)
            raise
        stdout, stderr = self.process.communicate()
        return self.process.returncode, stdout + stderr

    def close(self) -> None:
        """Unused (nothing to build, or the build failed before): stopped where it stands."""
        children.stop(self.process)


@contextlib.contextmanager
def engine_started(config: Config) -> Iterator[Engine]:
    """An engine for one build of ``config``, ended whatever happens."""
    engine = Engine(config.staging_dir / "mkdocs.yml")
    try:
        yield engine
    finally:
        engine.close()


def publish(
    tree: DocsTree,
    config: Config,
    warn: Callable[[str], None],
    strict: bool,
    say: Callable[[str], None] = lambda _: None,
    engine: Engine | None = None,
) -> Path:
    """Stage, build and swap in the new site; the old one stays if anything fails."""
    if engine is None:
        with engine_started(config) as started:
            return publish(tree, config, warn, strict, say, started)
    try:
        return _publish(tree, config, warn, strict, say, engine)
    except OSError as exc:  # a full disk, a read-only site/: said of the folder the user set
        raise _output_error(exc, config) from exc


def _output_error(exc: OSError, config: Config, key: str = "") -> errors.MachineError:
    """``exc`` said of the folder setting it concerns: the staging folder or ``site_dir``."""
    if not key:  # a write that fails as it writes names no file: staging says so (stage)
        staging = str(exc.filename or "").startswith(str(config.staging_dir))
        key = "staging_dir" if staging else "site_dir"
    folder = config.staging_dir if key == "staging_dir" else config.site_dir
    usual = errors.fault(exc)[1]
    fix = f"{usual}, or set {key} to a folder on another disk; the previous site/ is unchanged"
    return errors.machine_error(exc, Path(os.path.normpath(folder)), fix)


def _publish(
    tree: DocsTree,
    config: Config,
    warn: Callable[[str], None],
    strict: bool,
    say: Callable[[str], None],
    engine: Engine,
) -> Path:
    staging = _claimed(config, "staging_dir", config.staging_dir)
    with output.locked(staging, say):
        output.clear_leftovers(config.site_dir)
        _claimed(config, "site_dir", config.site_dir, create=False)
        config_file, stamp = stage(tree, config)
        built = output.read_stamp(config.site_dir)
        if built is not None and built.tree == stamp.tree:
            say("the site is up to date: MkDocs has nothing new to build")
            report_problems(list(built.warnings), config, warn, strict)
            return config.site_dir
        with output.work_folder(config.site_dir) as work:
            new = work / "new"
            if built is not None and built.frame == stamp.frame and _by_folder(config):
                problems, redone = build_changed(
                    engine, config, config_file, tree, new, built, warn, strict, say
                )
                most = redone >= MANY
            else:
                code, log = engine.run(config_file, new, tree.epoch)
                problems, most = check_engine_log(code, log, config, warn, strict), True
                publish_files(config.staging_dir, new, (d.path for d in split(tree)[1]))
            compress.precompress(new)
            output.swap_in(new, config.site_dir, replace(stamp, warnings=tuple(problems)))
            output.keep_spare(work, config.site_dir, refresh=most)
    return config.site_dir


def build_changed(
    engine: Engine,
    config: Config,
    config_file: Path,
    tree: DocsTree,
    new: Path,
    built: output.Stamp,
    warn: Callable[[str], None],
    strict: bool,
    say: Callable[[str], None],
) -> tuple[list[str], int]:
    """Only the pages and files that changed, over a copy of the site: the rest of the site
    (navigation, other pages) cannot differ, as the frame is the same. The engine redoes the
    pages whose staged source is newer than their page in the copy; the search index is
    merged, its other pages' entries kept in place. Its problems, and how many pages it
    redid."""
    docs = config.staging_dir / "docs"
    output.copy_site(config.site_dir, new)
    _forget(new, set(built.paths) - {d.path for d in tree.documents})
    redone = [
        d.path for d in tree.documents if d.path.endswith(".md") and _newer(docs, new, d.path)
    ]
    say(f"MkDocs redoes {len(redone)} changed page(s), the rest of the site is unchanged")
    # the files published as they are, linked while the engine builds: it writes only pages
    as_they_are = partial(publish_files, config.staging_dir, new, (d.path for d in split(tree)[1]))
    code, log = engine.run(config_file, new, tree.epoch, dirty=True, meanwhile=as_they_are)
    log = "\n".join(line for line in log.splitlines() if DIRTY_NOTICE not in line)
    kept = [w for w in built.warnings if not any(f"'{path}'" in w for path in redone)]
    problems = check_engine_log(code, log, config, warn, strict)
    report_problems(kept, config, warn, strict)
    pages = sorted((d.path for d in tree.documents if d.path.endswith(".md")), key=_build_order)
    merge_search_index(config.site_dir, new, [_page_url(p) for p in redone], pages)
    return kept + problems, len(redone)


MANY = 100  # pages redone: the spare is brought up to date at once (a few: by the next build)


def _forget(site: Path, removed: set[str]) -> None:
    """Delete what the engine wrote for files no longer in the tree (a dirty build keeps it)."""
    for path in removed:
        output_file = site / (f"{_page_url(path)}index.html" if path.endswith(".md") else path)
        output_file.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # its folder, once empty
            output_file.parent.rmdir()


def _build_order(path: str) -> tuple[tuple[str, ...], bool, str]:
    """The order MkDocs walks the docs folder in, and so builds and indexes the pages: a
    folder's files (its index first), then its folders, by name."""
    *folders, name = path.split("/")
    return tuple(folders), name.rpartition(".")[0] not in ("index", "README"), name


def _by_folder(config: Config) -> bool:
    """Pages at ``name/index.html`` (MkDocs' default), where a page's output is known."""
    return bool(config.mkdocs.get("use_directory_urls", True))


def _page_url(path: str) -> str:
    folder, _, name = path.rpartition("/")
    url = folder if name == "index.md" else f"{folder}/{name[:-3]}".lstrip("/")
    return f"{url}/" if url else ""


def _by_page(entries: list[Any]) -> dict[str, list[Any]]:
    pages: dict[str, list[Any]] = {}
    for entry in entries:
        pages.setdefault(entry["location"].partition("#")[0], []).append(entry)
    return pages


def _newer(docs: Path, site: Path, path: str) -> bool:
    page = site / _page_url(path) / "index.html"
    return not page.is_file() or page.stat().st_mtime < (docs / path).stat().st_mtime


def merge_search_index(old_site: Path, new: Path, redone: list[str], pages: list[str]) -> None:
    """The search index a full build writes: every page's entries in build order (``pages``),
    the redone pages' from the new index, the others' from the old one (a build over a copy
    indexes only the pages it redid)."""
    old_file, new_file = old_site / SEARCH_INDEX, new / SEARCH_INDEX
    if not old_file.is_file() or not new_file.is_file():
        return
    old, fresh = json.loads(old_file.read_text("utf-8")), json.loads(new_file.read_text("utf-8"))
    entries = {False: _by_page(old["docs"]), True: _by_page(fresh["docs"])}
    done = set(redone)
    fresh["docs"] = [
        entry for page in map(_page_url, pages) for entry in entries[page in done].get(page, [])
    ]
    # a new file: never one the live site shares
    write_whole(new_file, json.dumps(fresh, separators=(",", ":"), default=str))


def _claimed(config: Config, key: str, folder: Path, create: bool = True) -> Path:
    """``folder``, made ours; refused when it holds files marketweek did not write."""
    try:
        if create or folder.exists():
            output.claim(folder)
    except output.NotOurs as exc:
        raise ConfigError(
            config.config_file,
            key_line(config.config_file, key),
            f"{key} {str(errors.relative(folder, config.root))!r} holds files marketweek did "
            "not write, and a build "
            "would replace them",
            f"point {key} at a new or empty folder, or move those files away yourself",
        ) from exc
    return folder


def check_engine_log(
    code: int, log: str, config: Config, warn: Callable[[str], None], strict: bool
) -> list[str]:
    """MkDocs' errors and warnings, said of the user's own files, never of the staged copy."""
    failure = config_failure(log, config) or template_failure(log, config)
    if failure:
        raise failure
    problems = [m.group(2) for line in log.splitlines() if (m := WARNING.match(line))]
    if code != 0:
        for problem in problems:
            warn(f"{where(config.config_file, None)}: MkDocs: {problem}")
        raise PublishError(
            config.config_file,
            None,
            f"MkDocs failed: {_last_line(log)}",
            "fix the problem named above; the previous site/ is unchanged",
        )
    report_problems(problems, config, warn, strict)
    return problems


def report_problems(
    problems: list[str], config: Config, warn: Callable[[str], None], strict: bool
) -> None:
    """MkDocs' warnings, counted as ours; fatal with ``--strict``."""
    said = [f"{where(config.config_file, None)}: MkDocs: {problem}" for problem in problems]
    for message in said:
        warn(message)
    if strict and said:
        raise StrictError(said)


def config_failure(log: str, config: Config) -> ConfigError | None:
    """``Config value 'theme': …`` → the line of ``theme:`` in the user's mkdocs.yml."""
    match = CONFIG_VALUE.search(log)
    if not match:
        return None
    key, what = match.group(1), match.group(2).strip()
    return ConfigError(
        config.config_file,
        key_line(config.config_file, key),
        f"MkDocs cannot use the {key} setting: {what}",
        f"fix {key} in {config.config_file.name} (see the MkDocs documentation for it)",
    )


def template_failure(log: str, config: Config) -> ConfigError | None:
    """A theme override that does not compile or fails as it runs → that file and line under
    ``templates/``, with the message that ends MkDocs' traceback (never our staging folder)."""
    frames = list(OVERRIDE_FRAME.finditer(log))
    messages = TEMPLATE_ERROR.findall(log, frames[-1].end()) if frames else []
    if not messages:
        return None
    name, line = frames[-1].groups()
    folder = config.templates_dir / "overrides"
    if not (folder / name).is_file():  # not the project's: the package's own
        folder = PACKAGED_TEMPLATES / "overrides"
    what, fix = messages[-1].strip(), "fix the template (it extends the theme's base.html)"
    if missing := NOT_FOUND.fullmatch(what):  # its search path names the staging folder
        what = f"template {missing.group(1)} not found"
        fix = f"fix the name, or add the file to {where(folder, None)}/"
    return ConfigError(folder / name, int(line), f"theme override error: {what}", fix)


def _last_line(log: str) -> str:
    lines = [line for line in log.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
