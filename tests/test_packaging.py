"""The wheel installs one import package, `homologue`, with the ontology as package data."""

import subprocess
import sys
import zipfile
from importlib import resources

import pytest

from conftest import ROOT


def test_ontology_files_are_package_data():
    ontology = resources.files("homologue.ontology")
    names = {p.name for p in ontology.iterdir()}
    assert {"homologue.ttl", "shapes.ttl", "gazetteer", "queries"} <= names
    assert any(p.name.endswith(".ttl") for p in (ontology / "gazetteer").iterdir())


@pytest.mark.slow
def test_wheel_has_no_generic_top_level_names(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("homologue-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"homologue"}
    for data in ("homologue/ontology/homologue.ttl", "homologue/ontology/shapes.ttl",
                 "homologue/ontology/gazetteer/persons.ttl", "homologue/export/view.html",
                 "homologue/extract/lexicons/fr.yaml", "homologue/extract/lexicons/en.yaml"):
        assert data in names
