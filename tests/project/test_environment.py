"""environment.yml and pyproject.toml list the same packages with the same lower bounds."""

import re
import tomllib

import yaml

from lkip_helpers.data.paths import PROJECT_ROOT

# conda-forge names that differ from PyPI names
CONDA_NAMES = {"pyyaml": "pyyaml"}


def _normalise(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_normalise(r) for r in project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted.update(_normalise(r) for r in extra)
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda = dict(
        _normalise(d) for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))
    )
    assert conda == {CONDA_NAMES.get(k, k): v for k, v in wanted.items()}
    assert f">={project['requires-python'].lstrip('>=')}" in [
        d.replace("python", "") for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")
    ]


def test_every_dependency_has_a_lower_bound():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"]) + [r for e in project["optional-dependencies"].values() for r in e]
    assert reqs
    for r in reqs:
        assert ">=" in r, f"{r} has no lower bound"


def test_jupyterlab_stays_out_of_the_batch_and_test_environment():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    runtime = [_normalise(r)[0] for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    assert "jupyterlab" not in runtime
    assert any(_normalise(r)[0] == "jupyterlab" for r in project["optional-dependencies"]["lab"])
