import pytest

from homologue.dates import PartialDate, find_dates, is_historical


def resolve_all(text, lang, published):
    pub = PartialDate.parse(published)
    previous = None
    out = []
    for mention in find_dates(text, lang):
        value = mention.resolve(pub, previous)
        out.append((mention.text, value.iso if value else None))
        if value and mention.absolute:
            previous = value
    return out


@pytest.mark.parametrize("text,lang,published,expected", [
    ("Le 22 mars, des hommes armés", "fr", "2024-04", ("Le 22 mars", "2024-03-22")),
    ("en avril 2023", "fr", "2024-04", ("en avril 2023", "2023-04")),
    ("ce mercredi", "fr", "2024-04-05", ("ce mercredi", "2024-04-03")),
    ("ce mercredi", "fr", "2024-04", ("ce mercredi", "2024-04")),
    ("samedi dernier", "fr", "2024-04-03", ("samedi dernier", "2024-03-30")),
    ("hier", "fr", "2024-03-01", ("hier", "2024-02-29")),
    ("en février de cette année", "fr", "2024-04", ("en février de cette année", "2024-02")),
    ("le 3 décembre", "fr", "2024-01-10", ("le 3 décembre", "2023-12-03")),
    ("April 3, 2024", "en", "2024-05", ("April 3, 2024", "2024-04-03")),
    ("on Wednesday", "en", "2024-04-05", ("on Wednesday", "2024-04-03")),
    ("last week", "en", "2024-04-10", ("last week", "2024-04")),
    ("yesterday", "en", "2024-01-01", ("yesterday", "2023-12-31")),
    ("two weeks ago", "en", "2024-04-10", ("two weeks ago", "2024-03")),
    ("in 2019", "en", "2024-04", ("in 2019", "2019")),
])
def test_expressions_resolve_at_their_precision(text, lang, published, expected):
    assert resolve_all(text, lang, published)[0] == expected


def test_relative_to_the_previous_date_in_the_text():
    found = resolve_all("en avril 2023, son homologue le mois précédent", "fr", "2024-04")
    assert found == [("en avril 2023", "2023-04"), ("le mois précédent", "2023-03")]
    found = resolve_all("in April 2023 and the previous month", "en", "2024-04")
    assert found[-1] == ("the previous month", "2023-03")


def test_since_is_marked_not_an_event_date():
    [mention] = find_dates("C'est une première depuis octobre 2022.", "fr")
    assert mention.since and mention.resolve(None, None).iso == "2022-10"


def test_historical_flag():
    assert is_historical(PartialDate(2023, 4), PartialDate(2024, 4))
    assert not is_historical(PartialDate(2024, 3, 22), PartialDate(2024, 4))


def test_precision_and_agreement():
    assert PartialDate(2024, 4).precision == "month"
    assert PartialDate(2024, 4, 3).agrees_with(PartialDate(2024, 4))
    assert not PartialDate(2024, 3, 30).agrees_with(PartialDate(2024, 4))
