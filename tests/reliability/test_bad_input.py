"""Bad input: each bad file or line is named with a one-line reason and skipped, never a
traceback; a run where nothing is readable exits 1 and leaves the store untouched."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tracemalloc
from pathlib import Path

import pytest

from homologue.documents import MAX_BYTES, SkipLog, read_documents
from homologue.errors import InputError

from .helpers import GOOD_FR, assert_no_traceback, quads, run_cli

GOOD_EN = "The foreign minister spoke with his counterpart on the phone."

# name -> (file content, reason the user reads). Each is a file that cannot be ingested.
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", r"empty file"),
    "blank.txt": (b"  \n\n\t\n", r"empty file"),
    "header-only.txt": (b"date 2024-04 \n", r"empty document"),
    "front-matter-only.md": (b"---\ntitle: A title\n---\n", r"empty document"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"binary file \(NUL bytes\)"),
    "image.jsonl": (b"\x00\x01{}\n", r"binary file \(NUL bytes\), not JSON Lines"),
    "bad-yaml.md": (b"---\ntitle: [unclosed\ndate: 2024\n---\nThe minister spoke.",
                    r"line \d+ malformed front matter"),
    "list-front.md": (b"---\n- a\n- b\n---\nThe minister spoke.", r"not a set of 'key: value'"),
    "unclosed.md": (b"---\ntitle: x\nThe minister spoke with the press.",
                    r"line 1 front matter is never closed"),
    "title-list.md": (b"---\ntitle: [a, b]\n---\nThe minister spoke.", r"'title' should be text"),
    "alias-bomb.md": (b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\n"
                      b"c: &c [*b, *b, *b, *b, *b, *b]\ntitle: [*c, *c, *c, *c, *c, *c]\n---\n"
                      b"The minister spoke.", r"'title' should be text"),
    "bad-date-header.txt": (b"date 2024-13-45 Le ministre a parl\xc3\xa9.",
                            r"impossible date '2024-13-45'"),
    "bad-date-front.md": (b"---\ndate: 2024-02-30\n---\nThe minister spoke.",
                          r"impossible date '2024-02-30'"),
    "german.md": (b"---\nlang: de\n---\nDer Minister sprach.", r"unknown language 'de'"),
    "no-language.txt": (b"12345 67890 ++ 42", r"cannot tell the language"),
    "bad-utf16.txt": (b"\xff\xfe" + "Le ministre".encode("utf-16-le") + b"\x00",
                      r"not valid UTF-16 despite its byte-order mark"),
    "blank.jsonl": (b"\n  \n", r"empty file \(no JSON lines\)"),
}

# JSON Lines files whose bad line is named by number (the good lines around it are read).
BAD_LINES: dict[str, tuple[list[str], str]] = {
    "malformed.jsonl": (["{bad json"], r":2: malformed JSON line \(Expecting property name"),
    "not-object.jsonl": (["[1, 2]"], r":2: a JSONL document needs a string 'text' field"),
    "text-not-string.jsonl": ([json.dumps({"id": "t", "text": 5})], r":2: .*string 'text'"),
    "no-id.jsonl": ([json.dumps({"text": GOOD_EN})], r":2: a JSONL document needs an 'id'"),
    "bad-date.jsonl": ([json.dumps({"id": "d", "text": GOOD_EN, "published": "2023-02-29"})],
                       r":2: impossible date '2023-02-29'"),
    "bad-lang.jsonl": ([json.dumps({"id": "l", "text": GOOD_EN, "lang": "xx"})],
                       r":2: unknown language 'xx'"),
    "nested.jsonl": (["[" * 100_000 + "]" * 100_000], r":2: malformed JSON line"),
    "id-object.jsonl": ([json.dumps({"id": {"a": 1}, "text": GOOD_EN})], r":2: 'id' should be text"),
}


def _read(paths: list[Path]) -> tuple[list, list[str]]:
    log = SkipLog()
    return list(read_documents([str(p) for p in paths], on_skip=log)), log.reasons


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_skipped_with_one_line_naming_it(tmp_path, name):
    content, reason = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    documents, reasons = _read([path])
    assert documents == []
    assert len(reasons) == 1, reasons
    assert reasons[0].startswith(str(path) + ":"), reasons[0]
    assert "\n" not in reasons[0]
    assert __import__("re").search(reason, reasons[0]), reasons[0]
    with pytest.raises(InputError):  # without on_skip (the extract command), it stops there
        list(read_documents([str(path)]))


@pytest.mark.parametrize("name", sorted(BAD_LINES))
def test_bad_jsonl_line_is_named_by_number_and_the_others_read(tmp_path, name):
    bad, reason = BAD_LINES[name]
    lines = [json.dumps({"id": "first", "text": GOOD_EN}), *bad,
             json.dumps({"id": "last", "text": GOOD_EN})]
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode("utf-8"))
    documents, reasons = _read([path])
    assert [d.id for d in documents] == ["first", "last"]
    assert len(reasons) == 1 and reasons[0].startswith(f"{path}:2: "), reasons
    assert __import__("re").search(reason, reasons[0]), reasons[0]


def test_fallback_encodings_are_read_and_named(tmp_path, capsys):
    files = {
        "cp1252.txt": ("date 2024-04 Le ministre l’a dit à son homologue.", "cp1252"),
        "latin1.txt": ("date 2024-04 Le ministre a parlé\x81 à son homologue.", "latin-1"),
    }
    for name, (text, encoding) in files.items():
        (tmp_path / name).write_bytes(text.encode(encoding))
    (tmp_path / "utf16.txt").write_bytes("Le ministre a parlé à son homologue.".encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + GOOD_FR.encode("utf-8"))
    documents, reasons = _read([tmp_path])
    assert reasons == []
    texts = {d.id: d.text for d in documents}
    assert texts["cp1252"] == "Le ministre l’a dit à son homologue."
    assert texts["latin1"] == "Le ministre a parlé\x81 à son homologue."
    assert texts["utf16"] == "Le ministre a parlé à son homologue."
    assert texts["bom"].startswith("Le ministre des Armées")
    err = capsys.readouterr().err
    assert "cp1252.txt: not valid UTF-8" in err and "read as cp1252" in err
    assert "latin1.txt: not valid UTF-8" in err and "read as latin-1" in err


def test_a_50_mb_text_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:  # sparse: 50 MB as far as stat is concerned
        out.truncate(50_000_000)
    tracemalloc.start()
    documents, reasons = _read([path])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert documents == [] and len(reasons) == 1
    assert "50 MB is too large for an article (limit 20 MB)" in reasons[0]
    assert peak < 5_000_000


def test_a_50_mb_jsonl_file_streams_in_bounded_memory(tmp_path):
    """A large wire dump is read a line at a time; one line beyond the limit is refused alone."""
    path = tmp_path / "wire.jsonl"
    body = ("Le ministre a parlé avec son homologue. " * 1000)[:40_000]
    with path.open("w", encoding="utf-8") as out:
        for i in range(600):  # 600 x 40 KB = 24 MB of ordinary lines
            out.write(json.dumps({"id": f"d{i}", "text": body, "lang": "fr"}) + "\n")
            if i == 300:  # ...and one line of 26 MB
                out.write('{"id": "big", "text": "' + "x" * (MAX_BYTES + 6_000_000) + '"}\n')
    assert path.stat().st_size > 50_000_000
    log = SkipLog()
    tracemalloc.start()
    count = sum(1 for _ in read_documents([str(path)], on_skip=log))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 600
    assert log.reasons == [f"{path}:302: line longer than 20 MB, not one article"]
    assert peak < MAX_BYTES * 1.25, f"peak {peak / 1e6:.0f} MB"  # at most one line, not 50 MB


def test_duplicate_ids_are_skipped_not_overwritten(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text(GOOD_FR)
    (tmp_path / "b" / "same.txt").write_text(GOOD_FR + " Autre version.")
    documents, reasons = _read([tmp_path])
    assert [d.path for d in documents] == [str(tmp_path / "a" / "same.txt")]
    assert reasons == [f"{tmp_path / 'b' / 'same.txt'}: document id 'same' was already read "
                       f"from {tmp_path / 'a' / 'same.txt'}; give one of them another id"]


def test_broken_link_pipe_and_read_error_are_named(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    (tmp_path / "mem.txt").symlink_to("/proc/self/mem")  # stat says a file; reading fails (EIO)
    (tmp_path / "good.txt").write_text(GOOD_FR)
    documents, reasons = _read([tmp_path / "gone.txt", tmp_path / "pipe.txt",
                                tmp_path / "mem.txt", tmp_path / "good.txt"])
    assert [d.id for d in documents] == ["good"]
    assert reasons == [
        f"{tmp_path / 'gone.txt'}: broken link (it points to a file that does not exist)",
        f"{tmp_path / 'pipe.txt'}: not a regular file (a pipe, socket or device); use - to "
        f"read from stdin",
        f"{tmp_path / 'mem.txt'}: cannot read (Input/output error)",
    ]


def _unreadable_prefix() -> list[str] | None:
    """How to run a command for which a chmod 000 file is unreadable: as is for a normal
    user; as root (CI), through setpriv without the capabilities that bypass file modes."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
    return None


def test_unreadable_file_is_named_and_nothing_written(tmp_path):
    prefix = _unreadable_prefix()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod 000 does not stop root's reads")
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD_FR)
    secret.chmod(0)
    store = tmp_path / "store"
    result = run_cli("--store", str(store), "ingest", str(secret), prefix=prefix, timeout=120)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"skipped: {secret}: permission denied (cannot read the file)",
        "Error: nothing to ingest: 1 input skipped, none readable (reasons above)"]
    assert not store.exists()


def _all_bad_folder(root: Path) -> Path:
    folder = root / "bad"
    folder.mkdir()
    for name, (content, _reason) in BAD_FILES.items():
        (folder / name).write_bytes(content)
    (folder / "malformed.jsonl").write_text("{bad json\n")
    return folder


def test_cli_with_only_bad_files_exits_1_lists_each_and_creates_no_store(tmp_path):
    folder = _all_bad_folder(tmp_path)
    store = tmp_path / "store"
    result = run_cli("--store", str(store), "ingest", str(folder), timeout=120)
    assert_no_traceback(result)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == (f"Error: nothing to ingest: {len(BAD_FILES) + 1} inputs skipped, "
                         f"none readable (reasons above)")
    skipped = [line for line in lines if line.startswith("skipped: ")]
    assert len(skipped) == len(BAD_FILES) + 1
    for name in [*BAD_FILES, "malformed.jsonl"]:
        assert sum(f"{folder / name}:" in line for line in skipped) == 1, name
    assert not store.exists()  # the store was never opened, let alone created


@pytest.mark.parametrize("args, message", [
    (["ingest", "does/not/exist.txt"], "Error: does/not/exist.txt: no such file or folder"),
    (["ingest", "{empty}"], "Error: {empty}: no articles found (looked for .jsonl, .markdown, "
                            ".md, .ndjson, .text, .txt)"),
    (["ingest", "--lang", "de", "{empty}"], "Error: Invalid value for '--lang': 'de' is not one "
                                             "of 'fr', 'en'."),
])
def test_cli_argument_mistakes_are_one_line_errors(tmp_path, args, message):
    empty = tmp_path / "no-articles"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")
    store = tmp_path / "store"
    args = [a.replace("{empty}", str(empty)) for a in args]
    message = message.replace("{empty}", str(empty))
    result = run_cli("--store", str(store), *args, timeout=120)
    assert_no_traceback(result)
    assert result.returncode in (1, 2)
    assert message in result.stderr.splitlines()
    assert not store.exists()


@pytest.mark.slow
def test_cli_bad_files_leave_an_existing_store_unchanged(tmp_path, seed_store):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store, ignore=shutil.ignore_patterns(".readers"))
    before = quads(store)
    result = run_cli("--store", str(store), "ingest", str(_all_bad_folder(tmp_path)))
    assert result.returncode == 1 and "Error: nothing to ingest" in result.stderr
    assert quads(store) == before


@pytest.mark.slow
def test_cli_mixed_folder_ingests_the_good_and_lists_the_bad(tmp_path):
    folder = _all_bad_folder(tmp_path)
    (folder / "good.txt").write_text(GOOD_FR)
    (folder / "wire.jsonl").write_text(json.dumps({"id": "wire-1", "text": GOOD_EN}) + "\n{oops\n")
    store = tmp_path / "store"
    result = run_cli("--store", str(store), "ingest", str(folder))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert f"skipped: {folder / 'wire.jsonl'}:2: malformed JSON line (Expecting property name " \
           f"enclosed in double quotes at column 2)" in lines
    assert lines[-1] == f"{len(BAD_FILES) + 2} inputs skipped (reasons above); every other " \
                        f"document was ingested"
    stored = "\n".join(quads(store))
    assert '"good"' in stored and '"wire-1"' in stored
    for name in BAD_FILES:
        assert f'"{Path(name).stem}"' not in stored, name
