"""Pooled backtest, empirical-Bayes scale priors, probability clamp, indicator kinds, and the seeded
simulation check of interval coverage and Brier skill on short series (issue 15, "Done when")."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from lkip_helpers.forecasting.calibration import PROCESSES, simulate_calibration
from lkip_helpers.forecasting.models import Transform, annual_series, fit_model
from lkip_helpers.forecasting.pooled import (
    ALL_KINDS,
    MAX_PRIOR_DF,
    P_CLAMP,
    PoolSeries,
    ScalePrior,
    clamp_probability,
    estimate_prior,
    fit_pooled,
    pooled_backtest,
)
from lkip_helpers.forecasting.series import indicator_kind

pytestmark = pytest.mark.usefixtures("english")



def test_simulated_short_series_are_calibrated():
    """3, 4 and 6 points, three processes, horizons 1 and 3: the issue's acceptance criteria."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases, summary = simulate_calibration(seed=15, n_per_length=100)
    assert set(cases["kind"]) == set(PROCESSES)
    assert set(cases["n_points"]) == {3, 4, 6} and set(cases["h"]) == {1, 3}
    assert len(cases) == 18 and (cases["n_forecasts"] == 100).all()
    assert 0.74 <= summary["coverage80"] <= 0.86
    assert 0.90 <= summary["coverage95"] <= 0.98
    assert summary["min_case_coverage95"] >= 0.85
    assert (cases["coverage95"] >= 0.85).all()
    assert summary["brier_skill"] >= 0 and (cases["brier_skill"] >= 0).all()
    assert summary["extreme_share"] <= 0.05


def test_prior_recovers_a_common_scale_and_shrinks_a_three_point_series():
    rng = np.random.default_rng(3)
    df = np.full(400, 2.0)
    s2 = 4.0 * rng.chisquare(2, size=400) / 2  # every series has sigma^2 = 4
    s0, d0 = estimate_prior(s2, df)
    assert s0 == pytest.approx(4.0, rel=0.15)
    assert d0 >= 10  # little spread beyond chi-square noise: strong pooling
    prior = ScalePrior("rate", "drift", s0, d0, 400, "")
    post, dfp = prior.posterior(0.0, 1.0)  # a perfect fit still has the kind's uncertainty
    assert post == pytest.approx(d0 * s0 / (d0 + 1)) and dfp == pytest.approx(d0 + 1)
    post2, _ = prior.posterior(float("nan"), 0.0)  # no own estimate: the prior
    assert post2 == pytest.approx(s0)


def test_prior_df_is_small_when_scales_really_differ():
    rng = np.random.default_rng(4)
    sig2 = np.exp(rng.normal(0, 1.5, size=300))
    s2 = sig2 * rng.chisquare(5, size=300) / 5
    _, d0 = estimate_prior(s2, np.full(300, 5.0))
    assert d0 < 5 < MAX_PRIOR_DF
    with pytest.raises(ValueError, match="at least 2"):
        estimate_prior([1.0], [2.0])


def test_probabilities_are_clamped_with_the_reason():
    assert clamp_probability(0.5) == (0.5, "")
    p, why = clamp_probability(1.0)
    assert p == P_CLAMP[1] and "1.000" in why and "0.98" in why
    p, why = clamp_probability(0.001)
    assert p == P_CLAMP[0] and "0.02" in why
    assert clamp_probability(None) == (None, "")


@pytest.mark.parametrize(("name", "unit", "lo", "hi", "kind"), [
    ("Persentase Peningkatan PAD", "%", None, None, "growth rate"),
    ("Laju Inflasi", "%", None, None, "growth rate"),
    ("Angka Kemiskinan", "%", 0.0, 100.0, "rate"),
    ("Indeks Pendidikan", "nilai", 0.0, 100.0, "index"),
    ("Gini Ratio", "nilai", 0.0, 1.0, "index"),
    ("Pengeluaran per kapita", "rupiah", 0.0, None, "level"),
])
def test_indicator_kinds(name, unit, lo, hi, kind):
    assert indicator_kind(name, unit, lo, hi) == kind


def _pool() -> list[PoolSeries]:
    return [
        PoolSeries("a", "x", "rate", "higher_is_better", annual_series([2020, 2021, 2022], [1.0, 2.0, 4.0]),
                   targets={2022: 3.0}),
        PoolSeries("a", "y", "rate", "higher_is_better", annual_series([2020, 2021, 2022, 2023], [5.0, 4.0, 6.0, 5.0])),
        PoolSeries("b", "z", "rate", "lower_is_better", annual_series([2019, 2021, 2022], [9.0, 8.0, 8.5]),
                   targets={2022: 8.2}),
    ]


def test_pooled_backtest_scores_by_hand():
    acc = pooled_backtest(_pool())
    f = acc.forecasts
    # series x: origin 2021 (train 1, 2): naive forecasts 2.0 for 2022 (actual 4); MASE scale q = (1 + 2) / 2
    row = f[(f["indicator_id"] == "x") & (f["model"] == "naive")].iloc[0]
    assert row["median"] == pytest.approx(2.0) and row["scaled_error"] == pytest.approx(2.0 / 1.5)
    # the mean of 1 and 2, and the drift/linear extrapolation 3
    assert f[(f["indicator_id"] == "x") & (f["model"] == "mean")]["median"].iloc[0] == pytest.approx(1.5)
    assert f[(f["indicator_id"] == "x") & (f["model"] == "drift")]["median"].iloc[0] == pytest.approx(3.0)
    # y: origins after 2 and 3 points; 2-point origin forecasts 2022 and 2023 (h = 1, 2)
    ny = f[(f["indicator_id"] == "y") & (f["model"] == "naive")]
    assert sorted(zip(ny["origin_year"], ny["year"])) == [(2021, 2022), (2021, 2023), (2022, 2023)]
    # Brier rows: x 2022 (met: 4 >= 3) and z 2022 (lower is better: 8.5 > 8.2, not met)
    b = f[f["p_meet"].notna() & (f["model"] == "naive")]
    assert sorted(zip(b["indicator_id"], b["met"])) == [("x", 1.0), ("z", 0.0)]
    naive = acc.scores[(acc.scores["kind"] == "rate") & (acc.scores["model"] == "naive")].iloc[0]
    expected = float(((b["p_meet"] - b["met"]) ** 2).mean())
    assert naive["brier"] == pytest.approx(expected) and naive["n_forecasts"] == len(f[f["model"] == "naive"])
    assert set(acc.scores["kind"]) == {"rate", ALL_KINDS}
    # few forecasts: the rate kind takes the all-kinds choice, with the reason
    assert acc.choice["rate"] == acc.choice[ALL_KINDS]
    assert "too few rate backtest forecasts" in acc.choice_reason["rate"]


def test_fit_pooled_uses_the_posterior_scale_and_respects_bounds():
    pool = _pool()
    acc = pooled_backtest(pool)
    s = annual_series([2021, 2022, 2023], [98.0, 99.0, 99.5])
    fm, note = fit_pooled("drift", s, Transform(0, 100), "rate", acc)
    prior = acc.priors[("rate", "drift")]
    own = fit_model("drift", s, Transform(0, 100))
    post, dfp = prior.posterior(own.parts.sigma2, own.parts.df)
    assert fm.parts.sigma2 == pytest.approx(post) and fm.parts.df == pytest.approx(dfp)
    assert "pooled" in note
    # the scale is the posterior times the model's horizon multiplier times the pooled factor
    loc, scale, _ = fm.model_scale(3)
    assert scale == pytest.approx(math.sqrt(post) * own.parts.mult(3) * acc.factor("rate", "drift", 3))
    pred = fm.predict(2026)
    lo, hi = pred.interval(0.95)
    assert 0 <= lo <= pred.median <= hi <= 100
    assert math.isfinite(pred.scale) and pred.scale > 0
