"""What a subset re-run carries over from the last report, and what it refuses to."""

from __future__ import annotations

import json

from lkip_helpers.batch.carry_over import carry_over


def _report(folder, runs, started="2026-01-01T00:00:00+00:00", **manifest):
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"started": started, "runs": runs, **manifest}))
    return folder


def _entry(name, **kw):
    return {"name": name, "notebook": f"{name}.ipynb", "parameters": {}, "status": "ok", "seconds": 1.0,
            "error": None, "ipynb": f"{name}.ipynb", "html": f"{name}.html", **kw}


def test_only_ok_notebooks_not_rerun_and_present_are_kept(tmp_path):
    previous = _report(tmp_path / "prev", [_entry("a"), _entry("b"), _entry("c", status="failed"), _entry("gone")])
    for name in ("a", "b", "c"):
        (previous / f"{name}.ipynb").write_text("{}")
        (previous / f"{name}.html").write_text(name)
    staging = tmp_path / "staging"
    staging.mkdir()
    kept = carry_over(previous, staging, ran={"b"})
    assert [r.name for r in kept] == ["a"]
    assert kept[0].kept_from == "2026-01-01T00:00:00+00:00"
    assert sorted(p.name for p in staging.iterdir()) == ["a.html", "a.ipynb"]


def test_a_kept_entry_keeps_its_original_run(tmp_path):
    previous = _report(tmp_path / "prev", [_entry("a", kept_from="2025-12-31")], started="2026-01-02")
    (previous / "a.ipynb").write_text("{}")
    (previous / "a.html").write_text("a")
    (tmp_path / "s").mkdir()
    assert carry_over(previous, tmp_path / "s", ran=set())[0].kept_from == "2025-12-31"


def test_file_names_that_leave_the_folder_are_refused(tmp_path):
    (tmp_path / "secret.html").write_text("secret")
    previous = _report(tmp_path / "prev", [_entry("a", html="../secret.html", ipynb=None)])
    (tmp_path / "s").mkdir()
    assert carry_over(previous, tmp_path / "s", ran=set()) == []
    assert not list((tmp_path / "s").iterdir())


def test_no_or_broken_manifest_keeps_nothing(tmp_path):
    (tmp_path / "s").mkdir()
    assert carry_over(tmp_path / "missing", tmp_path / "s", ran=set()) == []
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json")
    assert carry_over(broken, tmp_path / "s", ran=set()) == []


def test_runs_of_a_notebook_that_ran_again_are_not_kept(tmp_path):
    """--notebooks mission after the data lost misi 3: the old misi-3 report is not kept."""
    runs = [_entry(f"02_mission-misi-{n}", notebook="02_mission.ipynb") for n in (1, 2, 3)] + [_entry("01_overview")]
    previous = _report(tmp_path / "prev", runs)
    for r in runs:
        (previous / r["ipynb"]).write_text("{}")
        (previous / r["html"]).write_text("x")
    (tmp_path / "s").mkdir()
    kept = carry_over(previous, tmp_path / "s", ran={"02_mission-misi-1", "02_mission-misi-2"},
                      replaced={"02_mission.ipynb"})
    assert [r.name for r in kept] == ["01_overview"]


def test_a_link_in_the_report_is_not_followed(tmp_path):
    (tmp_path / "outside.html").write_text("secret")
    previous = _report(tmp_path / "prev", [_entry("a", ipynb=None)])
    (previous / "a.html").symlink_to(tmp_path / "outside.html")
    (tmp_path / "s").mkdir()
    assert carry_over(previous, tmp_path / "s", ran=set()) == []


def test_readable_manifest(tmp_path):
    from lkip_helpers.batch.carry_over import readable_manifest

    good = _report(tmp_path / "good", [])
    assert readable_manifest(good)
    assert not readable_manifest(tmp_path / "missing")
    (good / "manifest.json").write_text("[]")
    assert not readable_manifest(good)


def test_a_kept_entry_records_the_data_and_settings_it_ran_with(tmp_path):
    """The manifest's top-level data hash and with_code are those of the run that writes it: a
    kept notebook carries those of the run that produced it, through any number of subset runs."""
    previous = _report(tmp_path / "prev", [_entry("a"), _entry("b", kept_from="2025-12-31", kept_data_sha256="old",
                                                               kept_with_code=True)],
                       data_package_sha256="last", with_code=False)
    for name in ("a", "b"):
        (previous / f"{name}.ipynb").write_text("{}")
        (previous / f"{name}.html").write_text(name)
    (tmp_path / "s").mkdir()
    kept = {r.name: r for r in carry_over(previous, tmp_path / "s", ran=set())}
    assert (kept["a"].kept_from, kept["a"].kept_data_sha256, kept["a"].kept_with_code) == (
        "2026-01-01T00:00:00+00:00", "last", False)
    assert (kept["b"].kept_from, kept["b"].kept_data_sha256, kept["b"].kept_with_code) == ("2025-12-31", "old", True)


def test_notebooks_that_did_not_apply_stay_listed_unless_planned_again(tmp_path):
    from lkip_helpers.batch.carry_over import kept_skipped

    previous = _report(tmp_path / "prev", [], skipped={"02_mission": "no misi", "05_x": "applies only to y"})
    # a manifest written before ``skipped_text``: the English reason only
    assert kept_skipped(previous, {"01_overview.ipynb"}) == {"02_mission": {"en": "no misi"},
                                                             "05_x": {"en": "applies only to y"}}
    assert kept_skipped(previous, {"02_mission.ipynb"}) == {"05_x": {"en": "applies only to y"}}
    assert kept_skipped(tmp_path / "missing", set()) == {}
    (previous / "manifest.json").write_text(json.dumps({"started": "x", "runs": [], "skipped": ["not", "a", "dict"]}))
    assert kept_skipped(previous, set()) == {}


def test_the_reasons_of_notebooks_that_did_not_apply_are_kept_in_both_languages(tmp_path, skip_plan):
    from lkip_helpers.batch.carry_over import kept_skipped
    from lkip_helpers.batch.manifest import build_manifest

    manifest = build_manifest([], [], run_info={"started": "2026-01-01T00:00:00+00:00"}, data_dir=tmp_path,
                              data_hash="ab" * 32, skipped=skip_plan.skipped_text)
    previous = _report(tmp_path / "prev", [], skipped=manifest["skipped"], skipped_text=manifest["skipped_text"])
    kept = kept_skipped(previous, {"02_per_misi.ipynb"})
    assert kept == {stem: texts for stem, texts in skip_plan.skipped_text.items() if stem != "02_per_misi"}
    assert kept["09_elsewhere"] == {"en": "applies only to kota-cilegon, kota-depok",
                                    "id": "hanya berlaku untuk kota-cilegon, kota-depok"}
    again = build_manifest([], [], run_info={}, data_dir=tmp_path, data_hash="ab" * 32, skipped=kept)
    assert again["skipped_text"] == kept and again["skipped"] == {k: v["en"] for k, v in kept.items()}


def test_an_odd_skipped_text_entry_falls_back_to_the_english_reason(tmp_path):
    from lkip_helpers.batch.carry_over import kept_skipped

    previous = _report(tmp_path / "prev", [], skipped={"a": "why", "b": "because"},
                       skipped_text={"a": ["not", "a", "dict"], "b": {"id": 3, "en": "other"}})
    assert kept_skipped(previous, set()) == {"a": {"en": "why"}, "b": {"en": "because"}}
