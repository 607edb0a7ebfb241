"""Archives a new seed: a text file's bytes or a saved page's article, and its metadata entry."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .load.files import MAX_FILE_BYTES, is_editor_litter
from .load.seeds import split_passages
from .load.textpos import CONTROL, describe_char
from .load.yamlread import iso_date, yaml_string
from .model import NOT_STATED, origin_key

MAX_PAGE_BYTES = 20_000_000  # a saved page carries its scripts and styles: larger than its text
_SCHEME_ID = re.compile(r"(\d+)_[0-9a-f]{16}")  # the site's ids: NNN_<16 hex of the sha256>
_HTML_START = (b"<!doctype html", b"<html")
_QUIET = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")

Value = str | date | tuple[str, ...]


class ArchiveError(Exception):
    """Content that cannot be archived (exit 1); the message is a whole `path: error:` line."""


class ArchiveUsageError(Exception):
    """A request that cannot be carried out as given (exit 2)."""


class ArchiveWriteError(Exception):
    """The seed could not be written; no part of it is left behind (exit 3)."""


@dataclass(frozen=True)
class SeedRequest:
    """What the command line asks for: the file, and metadata that overrides the page's."""

    file: Path
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    url: str | None = None
    label: str | None = None
    origins: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Article:
    """The bytes to archive and what the page states about itself."""

    data: bytes
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class NewSeed:
    """A seed just archived: its id, its text's path, its passage count and its entry."""

    id: str
    path: str
    passages: int
    entry: str


def add_seed(root: Path, request: SeedRequest, today: date | None = None) -> NewSeed:
    """Archive the file as a new seed of the site at root; raise an Archive*Error if refused."""
    seeds = root / "seeds"
    if not seeds.is_dir():
        raise ArchiveUsageError(f"no seeds/ folder in {root}; create it or pass --root")
    check_request(request)
    article = read_article(request.file)
    digest = hashlib.sha256(article.data).hexdigest()
    meta_bytes, meta = read_meta(seeds)
    texts = seed_texts(seeds)
    held = held_digests(seeds, texts, meta)
    if digest in held:
        raise ArchiveError(f"{request.file}: error: seed {held[digest]!r} already holds this text")
    seed_id = next_id([*map(str, meta), *(name[:-4] for name in texts)], digest)
    values = entry_values(request, article, digest, today or date.today())
    entry = entry_text(seed_id, values)
    # A file whose last line lacks its line end would run into the entry.
    appended = (b"\n" if meta_bytes and not meta_bytes.endswith(b"\n") else b"") + entry.encode()
    loaded = {key: list(v) if isinstance(v, tuple) else v for key, v in values.items()}
    check_appended(meta_bytes + appended, {**meta, seed_id: loaded})
    try:
        write_seed(seeds, seed_id, article.data, appended)
    except OSError as exc:
        raise ArchiveWriteError(f"cannot write the seed: {exc.strerror or exc}") from None
    passages = split_passages(article.data.decode("utf-8").removeprefix("\ufeff"))
    return NewSeed(seed_id, f"seeds/{seed_id}.txt", len(passages), entry)


def check_request(request: SeedRequest) -> None:
    """Refuse flags that the site's loader or verifier would refuse."""
    if request.origins and not request.note:
        raise ArchiveUsageError("--origin needs --note: say why the seed rests on that reporting")
    if request.url is not None and not is_web_url(request.url):
        raise ArchiveUsageError(f"--url must be an absolute http(s) URL; found {request.url!r}")
    flags = [("--title", request.title), ("--publisher", request.publisher)]
    flags += [("--url", request.url), ("--label", request.label), ("--note", request.note)]
    for flag, value in [*flags, *(("--origin", origin) for origin in request.origins)]:
        problem = None if value is None else text_problem(value)
        if problem:
            raise ArchiveUsageError(f"{flag} {problem}")
    keys = [origin_key(origin) for origin in request.origins]
    twice = next(
        (o for o, key in zip(request.origins, keys, strict=True) if keys.count(key) > 1), None
    )
    if twice is not None:
        raise ArchiveUsageError(f"--origin {twice!r} is given twice")


def text_problem(value: str) -> str | None:
    """Return why a value cannot be a text field of sources.yaml, or None if it can."""
    if not value.strip():
        return "is empty"
    found = CONTROL.search(value)
    return f"holds control character {describe_char(found.group())}" if found else None


def is_web_url(text: str) -> bool:
    """Tell whether text is an absolute http(s) URL: the source page links to it."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and text.isprintable()


def read_article(file: Path) -> Article:
    """Return the text to archive from a text file (as it is) or a saved HTML page."""
    try:
        data = read_plain(file, MAX_PAGE_BYTES)
    except OSError as exc:
        raise ArchiveUsageError(f"cannot read {file}: {exc.strerror or exc}") from None
    if b"\0" in data:
        at = data.index(b"\0")
        raise ArchiveError(f"{file}: error: binary data (a NUL byte at offset {at}), not text")
    article = page_article(file, data) if is_html(file, data) else text_article(file, data)
    if len(article.data) > MAX_FILE_BYTES:  # the build refuses larger seeds
        raise ArchiveError(f"{file}: error: the text is larger than {MAX_FILE_BYTES:,} bytes")
    return article


def read_plain(path: Path, limit: int) -> bytes:
    """Return a regular file's bytes; raise OSError for anything else (a FIFO is not waited on)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            folder = stat.S_ISDIR(info.st_mode)
            raise OSError(0, "a folder, not a file" if folder else "not a regular file")
        if info.st_size > limit:
            raise OSError(0, f"larger than {limit:,} bytes")
        with open(fd, "rb", buffering=0, closefd=False) as file:
            return file.readall()
    finally:
        os.close(fd)


def is_html(file: Path, data: bytes) -> bool:
    """Tell whether the file is a saved web page, by its suffix or its first bytes."""
    start = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:16].lower()
    return file.suffix.lower() in (".html", ".htm") or start.startswith(_HTML_START)


def text_article(file: Path, data: bytes) -> Article:
    """Return a text file's bytes as they are, once they are known to be UTF-8 text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 (byte 0x{data[exc.start]:02x} on line {line})"
        raise ArchiveError(f"{file}: error: {message}; save it as UTF-8 text") from None
    if not split_passages(text.removeprefix("\ufeff")):
        raise ArchiveError(f"{file}: error: no text to archive: every line is empty")
    return Article(data)


def page_article(file: Path, data: bytes) -> Article:
    """Return a saved page's article text, one paragraph a line, and its own metadata."""
    # Imported here: only a saved page needs trafilatura, which takes a while to import.
    import trafilatura
    from trafilatura.utils import load_html

    for name in _QUIET:  # their log lines would break the one-line refusal
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # Precision: a page whose article is not found must be refused, not archived as its menus.
    text = trafilatura.extract(
        data, output_format="txt", include_comments=False, favor_precision=True
    )
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise ArchiveError(f"{file}: error: no article text found in the page")
    text_bytes = ("\n".join(lines) + "\n").encode("utf-8")
    tree = load_html(data)
    if tree is None:
        return Article(text_bytes)
    # No extensive search: a date in the article's text is not the page's publication date.
    meta = trafilatura.extract_metadata(tree, extensive=False)
    url = meta.url if meta.url and is_web_url(meta.url) else None
    sitename = stated_sitename(meta.sitename, url)
    return Article(text_bytes, meta.title, sitename, iso_date(meta.date), url)


def stated_sitename(sitename: str | None, url: str | None) -> str | None:
    """Return the page's site name, unless it is only the host trafilatura read off the URL."""
    host = (urlsplit(url).hostname or "") if url else ""
    if not sitename or sitename.casefold() in (host, host.removeprefix("www.")):
        return None
    return sitename


def read_meta(seeds: Path) -> tuple[bytes, dict[object, object]]:
    """Return seeds/sources.yaml's bytes (none if it is missing) and its entries by id."""
    path = seeds / "sources.yaml"
    try:
        data = read_plain(path, MAX_FILE_BYTES) if os.path.lexists(path) else b""
        loaded = yaml.safe_load(data.decode("utf-8")) if data.strip() else {}
    except OSError as exc:
        raise ArchiveError(f"seeds/sources.yaml: error: cannot read: {exc.strerror}") from None
    except (UnicodeDecodeError, yaml.YAMLError):
        loaded = None
    if not isinstance(loaded, dict):
        message = "does not load as a mapping of seeds; run `build.py check` and fix it first"
        raise ArchiveError(f"seeds/sources.yaml: error: {message}")
    return data, loaded


def seed_texts(seeds: Path) -> list[str]:
    """Return the file names of the seed texts in seeds/."""
    try:
        names = os.listdir(seeds)
    except OSError as exc:
        raise ArchiveError(f"seeds: error: cannot read folder: {exc.strerror}") from None
    return sorted(n for n in names if n.endswith(".txt") and not is_editor_litter(n))


def held_digests(seeds: Path, texts: list[str], meta: dict[object, object]) -> dict[str, str]:
    """Return the id of the seed holding each digest: of a text's bytes, or as recorded."""
    held: dict[str, str] = {}
    for name in texts:
        try:
            data = read_plain(seeds / name, MAX_PAGE_BYTES)
        except OSError:  # the build reports it; it holds no text to compare
            continue
        held.setdefault(hashlib.sha256(data).hexdigest(), name[:-4])
    for seed_id, info in meta.items():
        recorded = info.get("sha256") if isinstance(info, dict) else None
        if isinstance(recorded, str):
            held.setdefault(recorded, str(seed_id))
    return held


def next_id(ids: list[str], digest: str) -> str:
    """Return the id after the highest in the site's scheme, padded to the width in use."""
    numbers = [found.group(1) for found in map(_SCHEME_ID.fullmatch, ids) if found]
    width = max(map(len, numbers), default=3)
    return f"{max(map(int, numbers), default=-1) + 1:0{width}d}_{digest[:16]}"


def entry_values(
    request: SeedRequest, article: Article, digest: str, today: date
) -> dict[str, Value]:
    """Return the new entry's fields in their written order, each flag before the page's."""
    title = request.title or article.title
    if not title:
        raise ArchiveUsageError(f"{request.file} states no title; pass --title")
    publisher = request.publisher or article.publisher or NOT_STATED
    for key, value in (("title", title), ("publisher", publisher)):
        problem = text_problem(value)
        if problem:  # only the page's own text gets here: the flags were checked
            raise ArchiveError(f"{request.file}: error: the page's {key} {problem}")
    values: dict[str, Value | None] = {
        "sha256": digest,
        "title": title,
        "publisher": publisher,
        "published": request.published or article.published,
        "url": request.url or article.url,
        "label": request.label,
        "origins": request.origins or None,
        "archived": today,
        "note": request.note,
    }
    return {key: value for key, value in values.items() if value is not None}


def entry_text(seed_id: str, values: dict[str, Value]) -> str:
    """Return the entry as YAML lines, every text double-quoted so that it reads back exactly."""
    lines = [f"{yaml_string(seed_id)}:"]
    for key, value in values.items():
        if isinstance(value, tuple):
            lines += [f"  {key}:", *(f"    - {yaml_string(item)}" for item in value)]
        else:
            shown = value.isoformat() if isinstance(value, date) else yaml_string(value)
            lines.append(f"  {key}: {shown}")
    return "\n".join(lines) + "\n"


def check_appended(appended: bytes, expected: dict[object, object]) -> None:
    """Refuse an entry that would not read back as meant (after a flow mapping, or `...`)."""
    try:
        loaded = yaml.safe_load(appended.decode("utf-8"))
    except yaml.YAMLError:
        loaded = None
    if loaded != expected:
        message = "an entry appended to it would not read back; add this one by hand"
        raise ArchiveError(f"seeds/sources.yaml: error: {message}")


def write_seed(seeds: Path, seed_id: str, data: bytes, entry: bytes) -> None:
    """Write the text, then append its entry; leave neither if either fails."""
    target, meta = seeds / f"{seed_id}.txt", seeds / "sources.yaml"
    temp = seeds / f".{seed_id}.{os.getpid()}.tmp"  # hidden: the build ignores one left behind
    created = not os.path.lexists(meta)
    try:
        write_synced(temp, data, os.O_CREAT | os.O_EXCL)
        if os.path.lexists(target):  # the id holds the digest: only a twin run gets here
            raise FileExistsError(0, f"seeds/{seed_id}.txt was written meanwhile")
        os.rename(temp, target)
    except OSError:
        temp.unlink(missing_ok=True)
        raise
    try:
        write_synced(meta, entry, os.O_CREAT | os.O_APPEND)
    except OSError:
        target.unlink()
        if created:
            meta.unlink(missing_ok=True)
        raise


def write_synced(path: Path, data: bytes, flags: int) -> None:
    """Write data to the file (at its end, with O_APPEND) and fsync; undo a partial write."""
    fd = os.open(path, os.O_WRONLY | flags, 0o666)
    try:
        size = os.fstat(fd).st_size
        try:
            with open(fd, "wb", closefd=False) as file:
                file.write(data)
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, size)  # half an entry would break the whole file
            raise
    finally:
        os.close(fd)
