"""The figure theme is seaborn's, without importing seaborn at start-up."""

from __future__ import annotations

import subprocess
import sys

from lkip_helpers.notebook.theme import seaborn_theme_rc, theme_rc


def test_the_written_out_theme_is_seaborns():
    computed = seaborn_theme_rc()
    assert computed.pop("image.cmap") == "rocket"  # seaborn's own colour map: every heat map names its own
    assert theme_rc() == computed


def test_the_theme_does_not_import_seaborn_or_scipy():
    code = ("import sys, matplotlib; matplotlib.use('agg'); from lkip_helpers.notebook.figures import use_theme; "
            "use_theme(); print('seaborn' in sys.modules, 'scipy.stats' in sys.modules, "
            "matplotlib.rcParams['axes.edgecolor'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", ".8"]
