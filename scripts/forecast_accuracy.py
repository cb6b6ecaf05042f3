"""Pooled forecast accuracy of every report, and the seeded calibration check on simulated series.

    python scripts/forecast_accuracy.py [--year 2024] [--no-simulation]

Prints the pooled rolling-origin backtest (MASE, 80/95 % interval coverage, Brier score of
P(meet target) and its skill over climatology) per kind of indicator and model, the model chosen
per kind, the partially pooled scale priors, and the simulation check of issue 15 (coverage and
Brier skill on 3-, 4- and 6-point series of three processes at horizons 1 and 3).
"""

from __future__ import annotations

import argparse
import warnings

import pandas as pd

from lkip_helpers.data.dataset import load_dataset
from lkip_helpers.forecasting.calibration import simulate_calibration
from lkip_helpers.forecasting.core import pooled_accuracy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=None, help="observations up to this year (default: all)")
    parser.add_argument("--no-simulation", action="store_true", help="skip the simulation check")
    args = parser.parse_args(argv)
    ds = load_dataset()
    year = args.year or int(ds.tables["indicator_values"]["year"].max())
    acc = pooled_accuracy(ds, year)
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 90):
        print(f"Pooled rolling-origin backtest, observations up to {year}\n")
        print(acc.scores.round(3).to_string(index=False))
        print("\nModel per kind:")
        for kind, model in acc.choice.items():
            print(f"  {kind}: {model} ({acc.choice_reason[kind]})")
        print("\nScale priors (model scale):")
        print(acc.priors_table().round(3).to_string(index=False))
        if not args.no_simulation:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cases, summary = simulate_calibration()
            print("\nSimulation check (seeded):")
            print(cases.round(3).to_string(index=False))
            print({k: round(v, 3) for k, v in summary.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
