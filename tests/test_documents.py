import json

import pytest

from homologue.documents import (Document, decode, detect_language, parse_jsonl, parse_text,
                                 read_documents)
from homologue.errors import InputError


def test_date_header_is_read_and_removed():
    doc = parse_text(" date 2024-04 C'est une première depuis octobre 2022.", "seed")
    assert doc.published == "2024-04"
    assert doc.text.startswith("C'est une première")
    assert doc.lang == "fr"


def test_front_matter_gives_metadata():
    raw = "---\ntitle: Un titre\ndate: 2025-02-12\nurl: https://example.org/a\nlang: en\n---\nThe minister spoke."
    doc = parse_text(raw, "a")
    assert (doc.title, doc.published, doc.url, doc.lang) == (
        "Un titre", "2025-02-12", "https://example.org/a", "en")
    assert doc.text == "The minister spoke."


def test_malformed_front_matter_names_the_line():
    with pytest.raises(InputError, match=r"a\.md: line \d+ malformed front matter"):
        parse_text("---\ntitle: [unclosed\n---\nText", "a", where="a.md")


@pytest.mark.parametrize("bad", ["2024-13-45", "2024-02-30", "yesterday-ish", "24-04"])
def test_impossible_dates_are_refused(bad):
    with pytest.raises(InputError, match="impossible date"):
        parse_text(f"---\ndate: {bad}\n---\nLe ministre a parlé avec son homologue.", "x")


def test_jsonl_documents_and_line_numbers():
    lines = [json.dumps({"id": "a", "text": "The minister met his counterpart.", "published": "2024-01-02"}),
             "", "{not json"]
    docs = parse_jsonl("\n".join(lines[:2]), "w.jsonl")
    assert [d.id for d in docs] == ["a"]
    with pytest.raises(InputError, match=r"w\.jsonl:3: malformed JSON line"):
        list(parse_jsonl("\n".join(lines), "w.jsonl"))
    with pytest.raises(InputError, match="needs an 'id'"):
        list(parse_jsonl(json.dumps({"text": "x"}), "w.jsonl"))


def test_language_detection_both_ways():
    assert detect_language("The president said that the talks were useful.") == "en"
    assert detect_language("Le président a déclaré que les discussions étaient utiles.") == "fr"
    with pytest.raises(InputError, match="cannot tell the language"):
        detect_language("12345 67890")


def test_binary_and_latin1_input(capsys):
    with pytest.raises(InputError, match="binary file"):
        decode(b"\x00\x01\x02", "f.txt")
    assert decode("Défense".encode("latin-1"), "f.txt") == "Défense"
    assert "read as cp1252" in capsys.readouterr().err


def test_folders_are_read_recursively_with_stable_ids(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("The minister spoke with his counterpart.", "utf-8")
    (tmp_path / "a.md").write_text("Le ministre a parlé avec son homologue.", "utf-8")
    (tmp_path / ".hidden.txt").write_text("The minister spoke.", "utf-8")
    docs = list(read_documents([str(tmp_path)]))
    assert [d.id for d in docs] == ["a", "b"]
    assert all(isinstance(d, Document) for d in docs)


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        list(read_documents([str(tmp_path / "nope.txt")]))
    with pytest.raises(InputError, match="no articles found"):
        list(read_documents([str(tmp_path)]))


def test_empty_document_is_refused(tmp_path):
    (tmp_path / "e.txt").write_text("date 2024-04   \n", "utf-8")
    with pytest.raises(InputError, match="empty document"):
        list(read_documents([str(tmp_path / "e.txt")]))


def test_content_hash_changes_with_text():
    a = parse_text("The minister spoke.", "a", lang="en")
    b = parse_text("The minister spoke again.", "a", lang="en")
    assert a.content_hash != b.content_hash
    assert a.content_hash == parse_text("The minister spoke.", "a", lang="en").content_hash
