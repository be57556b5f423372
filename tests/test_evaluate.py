"""Scoring against gold: the format of shared/gold/README.md, on small gold files of our own."""

import json

import pytest
from click.testing import CliRunner

from homologue.dates import PartialDate
from homologue.errors import InputError
from homologue.evaluate import Extracted, format_report, load_gold, score


def actor(label, country=None, kind="state", aliases=()):
    return {"id": "x/" + label, "label": label, "aliases": list(aliases), "kind": kind,
            "country": country, "wikidata": None}


def event(doc, type_, source=None, target=None, date=None, mode=None):
    return Extracted(doc, type_, source, target, PartialDate.parse(date), mode, "some text", 0.9)


def write_gold(tmp_path, *records):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    return path


LAVROV = actor("Sergei Lavrov", "RUS", "person", aliases=("Sergueï Lavrov",))
BLINKEN = actor("Antony Blinken", "USA", "person")
RUSSIA = actor("Russia", "RUS")
UKRAINE = actor("Ukraine", "UKR")

GOLD = {
    "id": "d1", "text": "Lavrov and Blinken spoke by phone in April 2023.", "lang": "en",
    "published": "2024-04",
    "events": [
        {"id": "E1", "type": "CONSULT", "mode": "phone",
         "source": {"name": ["Sergey Lavrov", "Sergei Lavrov"], "country": "RUS"},
         "target": {"name": "Antony Blinken", "country": "USA"}, "date": "2023-04"},
        {"id": "E2", "type": "AID", "alt_types": ["AGREE"], "source": {"country": "RUS"},
         "target": {"name": "Ukraine", "country": "UKR"}, "date": "2024"},
        {"id": "E3", "type": "ASSAULT", "required": False,
         "source": {"name": "gunmen", "match": "country", "country": "TJK"},
         "target": {"name": "Russia"}},
    ],
    "not_events": [
        {"type": "CONSULT", "source": {"name": "Sergei Lavrov"}, "target": {"country": "*WEST*"},
         "date": "2024", "why": "negated"},
    ],
}


def test_reads_text_records_and_files_relative_to_the_gold(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a1.txt").write_text("date 2024-04 Le ministre a parlé.", "utf-8")
    path = write_gold(tmp_path, GOLD, {"id": "ignored", "file": "articles/a1.txt", "lang": "fr",
                                       "events": []})
    docs = load_gold(path)
    assert [d.document.id for d in docs] == ["d1", "a1"]  # the stem for a file
    assert docs[1].document.published == "2024-04" and docs[1].document.lang == "fr"
    assert [e.required for e in docs[0].events] == [True, True, False]
    assert docs[0].events[0].symmetric and not docs[0].events[1].symmetric
    assert docs[0].events[1].types == ("AID", "AGREE")


def test_bad_gold_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_gold(write_gold(tmp_path, {"id": "x", "file": "nope.txt", "events": []}))
    with pytest.raises(InputError, match="'type' must be one of"):
        load_gold(write_gold(tmp_path, {"id": "x", "text": "t", "lang": "en",
                                        "events": [{"type": "HUG"}]}))
    with pytest.raises(InputError, match="add \"lang\""):
        load_gold(write_gold(tmp_path, {"id": "x", "text": "t", "events": []}))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", "utf-8")
    with pytest.raises(InputError, match="not JSON"):
        load_gold(bad)


def test_full_level_scores_names_dates_and_symmetry(tmp_path):
    gold = load_gold(write_gold(tmp_path, GOLD))
    extracted = {"d1": [
        event("d1", "CONSULT", BLINKEN, LAVROV, "2023-04-12", "meet"),  # reversed: symmetric
        event("d1", "AGREE", RUSSIA, UKRAINE, "2024-03"),  # an alt type
        event("d1", "ASSAULT", actor("gunmen", "TJK", "group"), RUSSIA),  # optional: not a FP
        event("d1", "ACCUSE", RUSSIA, UKRAINE),  # spurious
    ]}
    report = score(gold, extracted, "full")
    assert (report.overall.found, report.overall.required) == (2, 2)
    assert (report.overall.correct, report.overall.extracted) == (3, 4)
    assert report.overall.precision == 0.75 and report.overall.recall == 1.0
    assert (report.mode_right, report.mode_scored) == (0, 1)  # "meet" is not "phone"
    assert [s["event"] for s in report.spurious] == ["ACCUSE Russia (RUS) -> Ukraine (UKR)"]
    assert report.by_type["AID"].found == 1 and report.by_type["AGREE"].correct == 1


def test_date_must_agree_at_the_gold_precision(tmp_path):
    gold = load_gold(write_gold(tmp_path, GOLD))
    late = {"d1": [event("d1", "CONSULT", LAVROV, BLINKEN, "2024-04")]}
    coarse = {"d1": [event("d1", "CONSULT", LAVROV, BLINKEN, "2023")]}
    assert score(gold, late, "full").overall.found == 0
    assert score(gold, coarse, "full").overall.found == 0  # "2023" does not say April
    assert score(gold, late, "name").overall.found == 1  # dates only count at full level


def test_levels_name_and_country(tmp_path):
    gold = load_gold(write_gold(tmp_path, GOLD))
    other_russian = actor("Maria Zakharova", "RUS", "person")
    found = {"d1": [event("d1", "CONSULT", other_russian, BLINKEN, "2023-04")]}
    assert score(gold, found, "country").overall.found == 1
    assert score(gold, found, "name").overall.found == 0
    assert score(gold, found, "type").overall.found == 1
    wrong_type = {"d1": [event("d1", "ACCUSE", LAVROV, BLINKEN, "2023-04")]}
    assert score(gold, wrong_type, "type").overall.found == 0


def test_forbidden_statements_are_reported_by_name(tmp_path):
    gold = load_gold(write_gold(tmp_path, GOLD))
    west = actor("Germany", "DEU")
    extracted = {"d1": [event("d1", "CONSULT", west, LAVROV, "2024-02")]}
    report = score(gold, extracted, "full")
    assert len(report.forbidden) == 1 and report.forbidden[0]["why"] == "negated"
    assert report.overall.correct == 0 and not report.spurious
    text = format_report(report)
    assert "forbidden matched 1" in text and "negated" in text
    not_west = {"d1": [event("d1", "CONSULT", actor("China", "CHN"), LAVROV, "2024-02")]}
    assert score(gold, not_west, "full").forbidden == []


def test_missing_documents_count_as_misses(tmp_path):
    report = score(load_gold(write_gold(tmp_path, GOLD)), {}, "type")
    assert report.overall.found == 0 and len(report.misses) == 2
    assert report.overall.precision is None and "E1" in format_report(report)


@pytest.mark.slow
def test_evaluate_runs_the_extractor(tmp_path, extractor):
    from homologue.evaluate import evaluate

    path = write_gold(tmp_path, {
        "id": "en1", "lang": "en", "published": "2024-04-10",
        "text": "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi "
                "in Beijing on Tuesday.",
        "events": [{"id": "E1", "type": "CONSULT", "source": {"name": "Sergei Lavrov"},
                    "target": {"name": "Wang Yi", "country": "CHN"}, "date": "2024-04"}]})
    report = evaluate(path, extractor, "full")
    assert report.overall.found == 1, format_report(report)
    assert report.to_json()["recall"] == 1.0


def test_cli_rejects_bad_gold_before_loading_models(tmp_path):
    from homologue.cli import cli

    bad = write_gold(tmp_path, {"id": "x", "text": "t", "events": [{"type": "NOPE"}]})
    result = CliRunner().invoke(cli, ["evaluate", str(bad)])
    assert result.exit_code != 0 and isinstance(result.exception, InputError)
