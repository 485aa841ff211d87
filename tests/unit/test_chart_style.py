"""The chart style's seaborn settings are written out as constants (no seaborn import when drawing):
they must still be exactly what seaborn gives."""

from __future__ import annotations

import sys

from occprofiles.charts import style


def test_seaborn_constants_match_seaborn() -> None:
    import seaborn as sns

    rc: dict = {}
    rc.update(sns.axes_style("whitegrid"))
    rc.update(sns.plotting_context("paper"))
    assert style.SEABORN_WHITEGRID_PAPER == rc
    assert list(style.SEABORN_COLORBLIND) == sns.color_palette("colorblind").as_hex()


def test_style_does_not_import_seaborn() -> None:
    import subprocess

    code = (
        "import sys; from occprofiles.charts import style; style._validated('style'); print('seaborn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
