"""A refused import leaves every answer unchanged, on every store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from portfolio import EXTRA_HEADER, T, build, row

from graphmodel.errors import ImportRejected
from loaders import read_files
from queries.conflicts import scan
from queries.partner import partner_view
from queries.staffing import check_staffing


def answers(store) -> str:
    return json.dumps(
        {
            "scan": scan(store, T, hops=2).to_json(),
            "staffing": check_staffing(store, "P1", ["eli", "fay", "ivy"], T).to_json(),
            "partner": partner_view(store, "helix", "us", T).to_json(),
            "stats": store.stats(),
        },
        sort_keys=True,
    )


@pytest.mark.parametrize(
    "bad_tail",
    [
        "eli,P2,WORKS_ON,2026-13-01,,,,,,,,,\n",  # bad date on the last row
        "eli,nobody,REPORTS_TO,,,,,,,,,,\n",  # edge to a missing node
        "eli,P2,OWNS_STAKE_IN,,,,,,,,,,\n",  # wrong endpoint types
    ],
)
def test_refused_import_changes_no_answer(store, tmp_path: Path, bad_tail: str) -> None:
    build(
        store,
        tmp_path / "base",
        row("eli", "P1", "WORKS_ON") + row("ivy", "helix", "HOLDS_INTEREST_IN", kind="equity"),
    )
    before = answers(store)
    good = "".join(
        row(a, b, t)
        for a, b, t in [
            ("eli", "P2", "WORKS_ON"),
            ("fay", "c2", "MEMBER_OF"),
            ("ivy", "P1", "WORKS_ON"),
        ]
    )
    path = tmp_path / "change.csv"
    path.write_text(EXTRA_HEADER + good + bad_tail, encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        store.apply(read_files([path]))
    assert refused.value.file == "change.csv" and refused.value.row == 5
    assert answers(store) == before
