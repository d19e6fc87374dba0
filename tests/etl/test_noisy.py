"""Round trips over degraded renderings (etl.render.noise): what the noise leaves recoverable comes back
exactly; what it does not is never a wrong figure in a record the verdict calls complete."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from etl.extract.parse import parse_document
from etl.render.noise import MEDIA, render_noisy
from tests.etl.strategies import records
from tests.etl.test_roundtrip import ROUND_TRIP, seeds

RECOVERABLE = ("typo", "wrap", "header", "other_row", "split")


def _parse(record, noises, seed, medium):
    text, truth = render_noisy(record, noises, seed=seed, medium=medium)
    return parse_document(text.encode("utf-8"), "noisy.txt"), truth


def _wrong(truth, found) -> list[str]:
    got = dict(found.cells())
    return [f"{'/'.join(k)}: {v} ≠ {got.get(k)}" for k, v in truth.cells()
            if got.get(k) != v and not (v is not None and got.get(k) is not None and abs(got[k] - v) < 0.01)]


@ROUND_TRIP
@given(record=records(consistent=True), noises=st.sets(st.sampled_from(RECOVERABLE), min_size=1),
       seed=seeds, medium=st.sampled_from(MEDIA))
def test_recoverable_noise_comes_back_exactly(record, noises, seed, medium):
    found, truth = _parse(record, noises, seed, medium)
    wrong = _wrong(truth, found)
    assert not wrong, f"{sorted(noises)} {medium}: " + "; ".join(wrong[:10])
    assert found.quality["verdict"] in ("complete", "partial"), found.quality  # checks pass: never doubtful


@ROUND_TRIP
@given(record=records(consistent=True), seed=seeds, medium=st.sampled_from(MEDIA))
def test_values_apart_from_labels_never_pass_for_complete_when_wrong(record, seed, medium):
    found, truth = _parse(record, {"apart"}, seed, medium)
    wrong = _wrong(truth, found)
    if wrong:
        assert found.quality["verdict"] != "complete", wrong[:5]
        assert found.quality["reasons"]
    else:
        assert any(n.code == "values_apart" for n in found.notes)


@ROUND_TRIP
@given(record=records(formats=("2021",), consistent=True), seed=seeds)
def test_2021_report_printing_other_as_one_row_reads_it_as_other(record, seed):
    found, truth = _parse(record, {"other_row"}, seed, "tabs")
    assert "other" in found.applications and "other_misc" not in found.applications
    assert found.applications["other"] == truth.applications["other"]
    assert not any(c.status == "failed" for c in found.checks)
