"""``<name>_records``: a chart's ``chart_data`` rows as dicts without pandas, which the chapter reads
(``ChapterHandles.chart_rows``), so that rendering a chapter never imports pandas."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from occprofiles import charts
from occprofiles import formatting as fmt
from occprofiles.chapter_handles import CHART_OPTIONS, records_function
from occprofiles.profile import load_profile

# The sample's codes and the hard ones of issue 15 (top-coded wages, military, no O*NET ratings).
CODES = ("11-9111", "27-2011", "55-1011", "53-3032", "29-1141", "11-1011", "15-1253", "29-1022")
WITH_RECORDS = [name for name in charts.SPECS if records_function(name) is not None]


def _plain(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def test_the_charts_a_chapter_reads_rows_of_have_records():
    assert {"skills", "median_comparison"} <= set(WITH_RECORDS)


@pytest.mark.usefixtures("processed")
@pytest.mark.parametrize("name", WITH_RECORDS)
def test_records_are_the_chart_datas_rows(name):
    for code in CODES:
        profile = load_profile(code)
        options = CHART_OPTIONS.get(name, {})
        frame_rows = [
            {k: _plain(v) for k, v in row.items()}
            for row in charts.chart_data(name, profile, **options).to_dict("records")
        ]
        records = records_function(name)(profile, **options)
        assert records == frame_rows, code
        assert all(not fmt.is_missing(v) or v is None for row in records for v in row.values())


@pytest.mark.usefixtures("processed")
def test_a_chapter_is_built_without_importing_pandas():
    script = (
        "import sys\n"
        "import occprofiles.chapter as C\n"
        "C._display = lambda *objects: None\n"
        "ch = C.Chapter('11-9111', related_chapters=None)\n"
        "for section in ('summary', 'key_facts', 'what_they_do', 'career_metrics', 'skills_and_education', 'pay',\n"
        "                'outlook', 'geography', 'industries', 'regional_outlook', 'related', 'further_information',\n"
        "                'sources'):\n"
        "    getattr(ch, section)()\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.strip() == "False"
