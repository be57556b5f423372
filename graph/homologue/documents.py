"""Reading articles: plain text (with an optional ``date YYYY[-MM[-DD]]`` header), text or
Markdown with YAML front matter, JSON Lines (one document a line), folders and stdin.

Every document gets a stable id (the file stem, or the JSONL ``id``), a language (given or
detected) and a publication date at the precision given.

>>> doc = parse_text("date 2024-04 Le ministre a parlé.", doc_id="x")
>>> (doc.id, doc.published, doc.text)
('x', '2024-04', 'Le ministre a parlé.')
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import yaml

from homologue.errors import InputError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_BYTES = 20_000_000  # a news article is far smaller; beyond this it is not an article
LANGUAGES = ("fr", "en")

Skip = Callable[[InputError], None]  # told about each bad input when reading goes on

_DATE_HEADER = re.compile(r"^\s*date\s+(\S+)\s+", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FRONT_MATTER = re.compile(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", re.DOTALL)
_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœ']+")

_FRENCH_WORDS = frozenset(
    "le la les des du une est et à au aux avec pour dans sur qui que ne pas son sa ses ont été "
    "il elle ce cette a l' d' s' n' qu' selon après lors".split()
)
_ENGLISH_WORDS = frozenset(
    "the of and to in is was that for with on by his her its has have been said from at an "
    "as after who which were their".split()
)


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, checked by normalise_date()."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Document:
    """One article: its text and what is known about it."""

    id: str
    text: str
    lang: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def content_hash(self) -> str:
        """SHA-256 of what extraction depends on, to skip unchanged documents."""
        key = "\x1f".join([self.text, self.lang, self.published or ""])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


def normalise_date(value: object, where: str) -> str | None:
    """Check a ``YYYY[-MM[-DD]]`` date (or a datetime/date value) and return it as text.

    >>> normalise_date("2024-04", "f")
    '2024-04'
    >>> normalise_date("2024-13-45", "f")
    Traceback (most recent call last):
    ...
    homologue.errors.InputError: f: impossible date '2024-13-45' (expected YYYY, YYYY-MM or YYYY-MM-DD)
    """
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        value = value.isoformat()[:10]
    text = str(value).strip()
    if "T" in text:  # a timestamp: keep the day
        text = text.split("T", 1)[0]
    match = _ISO_DATE.match(text)
    bad = InputError(f"{where}: impossible date {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    if not match:
        raise bad
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        raise bad
    if day:
        import datetime

        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise bad from None
    return text


def detect_language(text: str) -> str:
    """French or English, by counting frequent function words.

    >>> detect_language("The minister said that he was ready.")
    'en'
    >>> detect_language("Le ministre a dit qu'il était prêt pour la réunion.")
    'fr'
    """
    words = _WORD.findall(text[:5000].lower())
    french = sum(w in _FRENCH_WORDS or w[:2] in {"l'", "d'", "s'", "n'", "qu"} for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    if french == english == 0:
        raise InputError("cannot tell the language (French or English): give it with --lang")
    return "fr" if french > english else "en"


def check_language(lang: object, where: str) -> str:
    text = str(lang).strip().lower()[:2]
    if text not in LANGUAGES:
        raise InputError(f"{where}: unknown language {lang!r} (Homologue reads fr and en)")
    return text


def parse_text(raw: str, doc_id: str, where: str | None = None, lang: str | None = None,
               path: str | None = None) -> Document:
    """A document from the text of a file: front matter or date header, then the body."""
    where = where or doc_id
    raw = raw.lstrip("\ufeff")
    meta: dict = {}
    body = raw
    front = _FRONT_MATTER.match(raw)
    if not front and re.match(r"---[ \t]*\r?\n", raw):
        raise InputError(f"{where}: line 1 front matter is never closed (add a '---' line "
                         f"after it)")
    if front:
        try:
            meta = yaml.load(front.group(1), Loader=_FrontMatterLoader) or {}
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            at = f" line {line + 2}" if line is not None else ""
            raise InputError(f"{where}:{at} malformed front matter ({_first_line(exc)})") from None
        if not isinstance(meta, dict):
            raise InputError(f"{where}: front matter is not a set of 'key: value' lines")
        body = raw[front.end():]
    header = _DATE_HEADER.match(body)
    published = meta.get("date", meta.get("published"))
    if header and header.group(1)[:1].isdigit():
        published = header.group(1)
        body = body[header.end():]
    return _document(meta | {"date": published}, body, doc_id, where, lang, path)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode(value: object) -> object:
    """Text as real Unicode: YAML and JSON escapes can spell a character as a UTF-16 surrogate
    pair ("\\ud83d\\ude00"), which they leave as two halves that no UTF-8 writer (the store,
    the exports) accepts; pairs are joined and a lone half becomes U+FFFD."""
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_unicode(v) for v in value]
    if isinstance(value, dict):
        return {_unicode(k): _unicode(v) for k, v in value.items()}
    return value


def _document(meta: dict, body: str, doc_id: str, where: str, lang: str | None,
              path: str | None) -> Document:
    meta, body, doc_id = _unicode(meta), _unicode(body), _unicode(doc_id)
    text = body.strip()
    if not text:
        raise InputError(f"{where}: empty document (no text after the header)")
    given = lang or _optional_str(meta.get("lang") or meta.get("language"), "lang", where)
    language = check_language(given, where) if given else _detect(text, where)
    known = {"date", "published", "lang", "language", "title", "url", "source", "id", "text"}
    return Document(
        id=_optional_str(meta.get("id"), "id", where) or doc_id,
        text=text,
        lang=language,
        published=normalise_date(meta.get("date"), where),
        title=_optional_str(meta.get("title"), "title", where),
        url=_optional_str(meta.get("url"), "url", where),
        source=_optional_str(meta.get("source"), "source", where),
        path=path,
        extra={k: v for k, v in meta.items() if k not in known},
    )


def _detect(text: str, where: str) -> str:
    try:
        return detect_language(text)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def _optional_str(value: object, name: str = "value", where: str = "") -> str | None:
    """A metadata field as text; a list or mapping there is a mistake, said as such (and
    never turned into text: YAML aliases can make such values enormous)."""
    if value is None:
        return None
    if isinstance(value, (dict, list, tuple, set)):
        raise InputError(f"{where}: {name!r} should be text, not a {type(value).__name__}")
    return str(value)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def decode(data: bytes, where: str) -> str:
    """Text from bytes: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order
    mark, then cp1252 and latin-1 with a warning on stderr naming the encoding used; a file
    with NUL bytes and no UTF-16 mark is binary and refused."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                          (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise InputError(f"{where}: not valid {encoding.upper()} despite its byte-order "
                                 f"mark ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: binary file (NUL bytes), not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = exc
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        print(f"warning: {where}: not valid UTF-8 ({error.reason} at byte {error.start}); "
              f"read as {encoding}", file=sys.stderr)
        return text
    raise InputError(f"{where}: not valid UTF-8 ({error.reason} at byte {error.start})")


def parse_jsonl(text: str, where: str, lang: str | None = None, path: str | None = None,
                on_skip: Skip | None = None) -> Iterator[Document]:
    """Documents from JSON Lines: ``id``, ``text``, and optionally ``published``, ``url``, ``lang``.

    A bad line raises :class:`InputError` naming its number, or, given ``on_skip``, is handed
    to it and the next lines are read."""
    # split on newlines only: str.splitlines() also splits on U+2028, U+0085 or U+001E, which
    # JSON allows raw inside a string
    yield from _jsonl_documents(enumerate(text.split("\n"), start=1), where, lang, path, on_skip)


def _jsonl_documents(lines: Iterable[tuple[int, str | bytes | None]], where: str,
                     lang: str | None, path: str | None,
                     on_skip: Skip | None) -> Iterator[Document]:
    for number, line in lines:
        if line is not None and not line.strip():
            continue
        try:
            document = _jsonl_document(line, f"{where}:{number}", lang, path)
        except InputError as exc:
            if on_skip is None:
                raise
            on_skip(exc)
            continue
        yield document


def _jsonl_document(line: str | bytes | None, at: str, lang: str | None,
                    path: str | None) -> Document:
    if line is None or isinstance(line, bytes):
        if line is None:
            raise InputError(f"{at}: line longer than {MAX_BYTES / 1e6:.0f} MB, not one article")
        line = decode(line, at)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{at}: malformed JSON line ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{at}: malformed JSON line (nested too deeply)") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f"{at}: a JSONL document needs a string 'text' field")
    if record.get("id") in (None, ""):
        raise InputError(f"{at}: a JSONL document needs an 'id' field")
    meta = dict(record)
    meta["date"] = record.get("published", record.get("date"))
    return _document(meta, record["text"], _optional_str(record["id"], "id", at), at, lang, path)


def _file_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of a file, read a megabyte at a time: a line beyond MAX_BYTES is given
    as None (refused by the caller) and dropped as it is read, so memory stays bounded by one
    acceptable line whatever the size of the file or of its lines."""
    number = 0
    while True:
        chunks: list[bytes] = []
        size = 0
        too_long = False
        while chunk := handle.readline(1_000_000):
            size += len(chunk)
            if size > MAX_BYTES:
                too_long = True
                chunks.clear()
            elif not too_long:
                chunks.append(chunk)
            if chunk.endswith(b"\n"):
                break
        if size == 0:
            return
        number += 1
        yield number, None if too_long else b"".join(chunks)


def read_path(path: Path, lang: str | None = None,
              on_skip: Skip | None = None) -> Iterator[Document]:
    """The documents of one file (one, or many for JSON Lines).

    A text file beyond MAX_BYTES is refused; a JSON Lines file is read a line at a time, so it
    may be of any size (each line is at most MAX_BYTES)."""
    where = str(path)
    try:
        if path.is_symlink() and not path.exists():
            raise InputError(f"{where}: broken link (it points to a file that does not exist)")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a named pipe or a device would block or never end
            raise InputError(f"{where}: not a regular file (a pipe, socket or device); "
                             f"use - to read from stdin")
        size = info.st_size
        if path.suffix.lower() in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                head = handle.read(8192)
                handle.seek(0)
                if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: decode it whole
                    lines = enumerate(decode(handle.read(), where).split("\n"), start=1)
                elif b"\x00" in head:
                    raise InputError(f"{where}: binary file (NUL bytes), not JSON Lines")
                else:
                    lines = _file_lines(handle)
                found = False
                for document in _jsonl_documents(lines, where, lang, where, on_skip):
                    found = True
                    yield document
            if not found and size == 0 or not found and not head.strip():
                raise InputError(f"{where}: empty file (no JSON lines)")
            return
        if size > MAX_BYTES:
            raise InputError(f"{where}: {size / 1e6:.0f} MB is too large for an article "
                             f"(limit {MAX_BYTES / 1e6:.0f} MB); split it into documents")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{where}: permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise InputError(f"{where}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{where}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{where}: empty file")
    yield parse_text(decode(data, where), path.stem, where, lang, where)


def find_files(path: Path) -> list[Path]:
    """The article files under a folder, in a stable order; hidden files are skipped (broken
    links are kept, so that reading them says so rather than ignoring them)."""
    wanted = TEXT_SUFFIXES | JSONL_SUFFIXES
    try:
        files = [
            p for p in sorted(path.rglob("*"))
            if (p.is_file() or (p.is_symlink() and not p.exists()))
            and p.suffix.lower() in wanted
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        ]
    except OSError as exc:
        raise InputError(f"{path}: cannot list the folder ({exc.strerror or exc})") from None
    if not files:
        raise InputError(f"{path}: no articles found (looked for {', '.join(sorted(wanted))})")
    return files


def expand_paths(paths: Iterable[str]) -> list[str | Path]:
    """Each argument as files to read: a file, the files of a folder, or ``-`` for stdin.

    A missing path or a folder without articles raises at once: these are mistakes in the
    command line, not bad articles, so nothing is read until they are fixed."""
    out: list[str | Path] = []
    for arg in paths:
        if arg == "-":
            out.append("-")
            continue
        path = Path(arg)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{arg}: no such file or folder")
        out.extend(find_files(path) if path.is_dir() else [path])
    return out


def read_documents(paths: Iterable[str], lang: str | None = None, stdin_id: str = "stdin",
                   on_skip: Skip | None = None) -> Iterator[Document]:
    """Every document named by the arguments, in order.

    Without ``on_skip``, the first bad file or line raises :class:`InputError`. With it, each
    bad file, bad JSON line, or document whose id was already read in this run (two files
    ``a/x.txt`` and ``b/x.txt`` would otherwise overwrite each other) is handed to ``on_skip``
    and reading goes on: one bad article in a folder does not stop the others."""
    seen: dict[str, str] = {}
    for item in expand_paths(paths):
        try:
            for document in _read_item(item, lang, stdin_id, on_skip):
                where = document.path or "<stdin>"
                if on_skip is not None and seen.setdefault(document.id, where) != where:
                    on_skip(InputError(f"{where}: document id {document.id!r} was already read "
                                       f"from {seen[document.id]}; give one of them another id"))
                    continue
                yield document
        except InputError as exc:
            if on_skip is None:
                raise
            on_skip(exc)


def _read_item(item: str | Path, lang: str | None, stdin_id: str,
               on_skip: Skip | None) -> Iterator[Document]:
    if item != "-":
        yield from read_path(Path(item), lang, on_skip)
        return
    text = decode(sys.stdin.buffer.read(), "<stdin>")
    if text.lstrip().startswith("{"):
        yield from parse_jsonl(text, "<stdin>", lang, on_skip=on_skip)
    else:
        yield parse_text(text, stdin_id, "<stdin>", lang)


class SkipLog:
    """Collects the inputs skipped by ``read_documents(on_skip=...)``; each is also shown at
    once through ``echo`` (the CLI prints them on stderr as ``skipped: <file>: <reason>``)."""

    def __init__(self, echo: Callable[[str], None] | None = None) -> None:
        self.reasons: list[str] = []
        self._echo = echo

    def __call__(self, error: InputError) -> None:
        self.reasons.append(str(error))
        if self._echo:
            self._echo(f"skipped: {error}")

    def __len__(self) -> int:
        return len(self.reasons)

    def summary(self) -> str:
        return (f"{len(self.reasons)} input{'s' if len(self.reasons) != 1 else ''} skipped "
                f"(reasons above); every other document was ingested")


def require_documents(documents: Iterable[Document], skipped: SkipLog) -> Iterator[Document]:
    """The same documents, the first one read now: when there is none, InputError is raised
    before a store is opened or a model loaded, so a run with only bad inputs changes nothing
    and exits non-zero."""
    documents = iter(documents)
    first = next(documents, None)
    if first is None:
        count = len(skipped)
        raise InputError(f"nothing to ingest: {count} input{'s' if count != 1 else ''} skipped, "
                         f"none readable (reasons above)" if count else "nothing to ingest: "
                         f"no documents in the given paths")
    return itertools.chain([first], documents)
