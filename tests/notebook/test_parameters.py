"""Parameter checks shared by the notebooks and the lkip command."""

import pytest

from lkip_helpers.data.errors import ParameterError
from lkip_helpers.notebook.parameters import check_parameters, runtime_types, unknown_parameter_names


def test_runtime_types():
    assert runtime_types(int) == (int,)
    assert runtime_types(float) == (float, int)
    assert runtime_types(list[str] | None) == (list, type(None))


def test_unknown_names_ignore_modules_and_private_names():
    import math

    ns = {"entity": "x", "year": 1, "foo": 2, "_private": 3, "math": math, "In": [], "f": lambda: 1}
    assert unknown_parameter_names(ns, {"entity", "year"}) == ["foo"]


@pytest.mark.parametrize(
    "namespace, message",
    [
        ({"entity": "kota-bekasi", "year": "2023"}, "parameter 'year' must be of type int, got '2023' (str)"),
        ({"entity": "kota-bekasi", "year": True}, "must be of type int, got True (bool)"),
        ({"entity": "kota-bekasi", "year": 2023, "yeer": 2024}, "unknown parameter(s) yeer"),
        ({"entity": "jakarta", "year": 2023}, "unknown entity 'jakarta'; valid choices"),
        ({"entity": "kota-bekasi", "year": 2024}, "valid years: 2023"),
    ],
)
def test_check_parameters_rejects(ds, namespace, message):
    with pytest.raises(ParameterError) as err:
        check_parameters(ds, namespace, types={"entity": str, "year": int}, entity=namespace["entity"],
                         year=namespace["year"] if isinstance(namespace["year"], int) else None)
    assert message in str(err.value)


def test_check_parameters_accepts_valid(ds):
    check_parameters(ds, {"entity": "kota-bekasi", "year": 2023, "misi": 2},
                     types={"entity": str, "year": int, "misi": int}, entity="kota-bekasi", year=2023, misi=2)


def test_parameter_error_renders_as_one_line():
    assert ParameterError("bad")._render_traceback_() == ["ParameterError: bad"]


def test_wrong_types_list_the_valid_choices(ds):
    with pytest.raises(ParameterError, match=r"must be of type int, got 'abc' \(str\); valid: 2023$"):
        check_parameters(ds, {"entity": "kota-bekasi", "year": "abc"}, types={"entity": str, "year": int})
    with pytest.raises(ParameterError, match=r"entities with misi: kota-bekasi"):
        check_parameters(ds, {"entity": "disdukcapil-kota-bekasi", "misi": 1}, types={"entity": str, "misi": int},
                         entity="disdukcapil-kota-bekasi", misi=1)
