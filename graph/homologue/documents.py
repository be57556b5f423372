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
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from homologue.errors import InputError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_BYTES = 20_000_000  # a news article is far smaller; beyond this it is not an article
LANGUAGES = ("fr", "en")

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


def _document(meta: dict, body: str, doc_id: str, where: str, lang: str | None,
              path: str | None) -> Document:
    text = body.strip()
    if not text:
        raise InputError(f"{where}: empty document (no text after the header)")
    given = lang or meta.get("lang") or meta.get("language")
    language = check_language(given, where) if given else _detect(text, where)
    known = {"date", "published", "lang", "language", "title", "url", "source", "id", "text"}
    return Document(
        id=str(meta.get("id") or doc_id),
        text=text,
        lang=language,
        published=normalise_date(meta.get("date"), where),
        title=_optional_str(meta.get("title")),
        url=_optional_str(meta.get("url")),
        source=_optional_str(meta.get("source")),
        path=path,
        extra={k: v for k, v in meta.items() if k not in known},
    )


def _detect(text: str, where: str) -> str:
    try:
        return detect_language(text)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def decode(data: bytes, where: str) -> str:
    """Text from bytes: UTF-8, refusing binary files; common fallbacks are named on stderr."""
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


def parse_jsonl(text: str, where: str, lang: str | None = None,
                path: str | None = None) -> Iterator[Document]:
    """Documents from JSON Lines: ``id``, ``text``, and optionally ``published``, ``url``, ``lang``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        at = f"{where}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{at}: malformed JSON line ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f"{at}: a JSONL document needs a string 'text' field")
        if record.get("id") in (None, ""):
            raise InputError(f"{at}: a JSONL document needs an 'id' field")
        meta = dict(record)
        meta["date"] = record.get("published", record.get("date"))
        yield _document(meta, record["text"], str(record["id"]), at, lang, path)


def read_path(path: Path, lang: str | None = None) -> Iterator[Document]:
    """The documents of one file (one, or many for JSON Lines)."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{where}: {size / 1e6:.0f} MB is too large for an article "
                             f"(limit {MAX_BYTES / 1e6:.0f} MB); split it into documents")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{where}: permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise InputError(f"{where}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{where}: cannot read ({exc.strerror})") from None
    text = decode(data, where)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from parse_jsonl(text, where, lang, where)
    else:
        yield parse_text(text, path.stem, where, lang, where)


def find_files(path: Path) -> list[Path]:
    """The article files under a folder, in a stable order; hidden files are skipped."""
    wanted = TEXT_SUFFIXES | JSONL_SUFFIXES
    files = [
        p for p in sorted(path.rglob("*"))
        if p.is_file() and p.suffix.lower() in wanted
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    ]
    if not files:
        raise InputError(f"{path}: no articles found (looked for {', '.join(sorted(wanted))})")
    return files


def expand_paths(paths: Iterable[str]) -> list[str | Path]:
    """Each argument as files to read: a file, the files of a folder, or ``-`` for stdin."""
    out: list[str | Path] = []
    for arg in paths:
        if arg == "-":
            out.append("-")
            continue
        path = Path(arg)
        if not path.exists():
            raise InputError(f"{arg}: no such file or folder")
        out.extend(find_files(path) if path.is_dir() else [path])
    return out


def read_documents(paths: Iterable[str], lang: str | None = None,
                   stdin_id: str = "stdin") -> Iterator[Document]:
    """Every document named by the arguments, in order (errors raise :class:`InputError`)."""
    for item in expand_paths(paths):
        if item == "-":
            data = sys.stdin.buffer.read()
            text = decode(data, "<stdin>")
            if text.lstrip().startswith("{"):
                yield from parse_jsonl(text, "<stdin>", lang)
            else:
                yield parse_text(text, stdin_id, "<stdin>", lang)
        else:
            yield from read_path(Path(item), lang)
