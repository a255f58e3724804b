"""Names to nodes (queries.names), on both stores: the CLI's one resolver, and the stores'
folded search that the app's pickers use too. A name resolves only when it names one node
whole; otherwise the user gets the closest matches with their ids, never a guess."""

from __future__ import annotations

from pathlib import Path

import pytest
from portfolio import T, build, row

from graphmodel.store import GraphStore
from graphmodel.vocabulary import COMPANY, PERSON, PROGRAM
from queries.names import Unresolved, resolve, resolve_all, search
from queries.partner import NotAPartner, partner_view

# Two people who differ only by accents and case, one whose name is a prefix of another's,
# two who share a name, a person whose id is another person's name.
NAMES = """sk,Person,Søren Kierkegård
sk2,Person,SOREN KIERKEGARD
ann,Person,Ann Lee
annl,Person,Ann Leeway
jo1,Person,Jo Park
jo2,Person,Jo Park
bob,Person,eli
wj,Person,Tomasz Wójcik
"""


@pytest.fixture
def named(store: GraphStore, tmp_path: Path) -> GraphStore:
    build(store, tmp_path, extra_nodes=NAMES)
    return store


def test_an_id_wins_then_a_whole_name_folded(named: GraphStore) -> None:
    assert resolve(named, "P1", [PROGRAM]).id == "P1"
    assert resolve(named, "onc-7 kras DEGRADER", [PROGRAM]).id == "P1"
    assert resolve(named, "  Dana Ruiz ", [PERSON]).id == "dana"
    assert resolve(named, "tomasz wojcik", [PERSON]).id == "wj"  # accent-insensitive
    # "eli" is Eli Okafor's id and Bob's name: the id is what a script passes.
    assert resolve(named, "eli", [PERSON]).id == "eli"


def test_names_that_differ_only_by_accents_or_case_are_ambiguous(named: GraphStore) -> None:
    with pytest.raises(Unresolved) as err:
        resolve(named, "soren kierkegard", [PERSON], "--people")
    message = str(err.value)
    assert "ambiguous" in message and "--people" in message
    assert "[sk]" in message and "[sk2]" in message
    assert {n.id for n in err.value.matches} == {"sk", "sk2"}


def test_two_people_of_the_same_name_are_ambiguous_with_both_ids(named: GraphStore) -> None:
    with pytest.raises(Unresolved) as err:
        resolve(named, "JO PARK", [PERSON])
    assert "Jo Park [jo1]" in str(err.value) and "Jo Park [jo2]" in str(err.value)


def test_a_name_that_is_a_prefix_of_another_names_the_shorter(named: GraphStore) -> None:
    assert resolve(named, "ann lee", [PERSON]).id == "ann"
    assert resolve(named, "Ann Leeway", [PERSON]).id == "annl"


def test_part_of_a_name_is_not_a_name_it_lists_the_candidates(named: GraphStore) -> None:
    with pytest.raises(Unresolved) as err:
        resolve(named, "Ruiz", [PERSON])
    assert "no Person has that id or name" in str(err.value)
    assert "Dana Ruiz [dana]" in str(err.value)


def test_an_unknown_name_lists_the_closest_matches(named: GraphStore) -> None:
    with pytest.raises(Unresolved) as err:
        resolve(named, "Dana Ruis", [PERSON])
    assert err.value.matches and err.value.matches[0].id == "dana"
    with pytest.raises(Unresolved) as err:
        resolve(named, "zzzz qqqq", [PERSON])
    assert err.value.matches == [] and "allymap search" in str(err.value)


def test_a_node_of_another_type_is_not_taken(named: GraphStore) -> None:
    with pytest.raises(Unresolved) as err:
        resolve(named, "P1", [PERSON])
    assert "is a Program, not a Person" in str(err.value)
    with pytest.raises(Unresolved):
        resolve(named, "Meridian Therapeutics", [PERSON])
    assert resolve(named, "meridian therapeutics", [COMPANY]).id == "us"


def test_resolve_all_reports_every_bad_name_at_once(named: GraphStore) -> None:
    assert [n.id for n in resolve_all(named, ["dana", "Dana Ruiz", "fay"], [PERSON])] == [
        "dana",
        "fay",
    ]
    with pytest.raises(Unresolved) as err:
        resolve_all(named, ["Jo Park", "nobody at all", "dana"], [PERSON], "--people")
    assert "'Jo Park' is ambiguous" in str(err.value)
    assert "'nobody at all': no Person" in str(err.value)


def test_search_folds_accents_and_case_and_ranks_the_best_first(named: GraphStore) -> None:
    found = [n.id for n in search(named, "SOREN", [PERSON])]
    assert found == ["sk2", "sk"] or found == ["sk", "sk2"]
    assert set(found) == {"sk", "sk2"}
    assert [n.id for n in search(named, "wojcik")] == ["wj"]
    # exact name first, then the name it is a prefix of
    assert [n.id for n in search(named, "ann lee", [PERSON])] == ["ann", "annl"]
    assert next(n.id for n in search(named, "eli", [PERSON])) == "eli"  # the exact id first
    assert search(named, "Wójcik", [COMPANY]) == []


def test_the_stores_search_is_folded_as_the_pickers_need(named: GraphStore) -> None:
    """The pickers call store.search_nodes: both stores fold accents the same way."""
    assert [n.id for n in named.search_nodes("kierkegard", [PERSON])] == ["sk2", "sk"]
    assert [n.id for n in named.search_nodes("KIERKEGÅRD", [PERSON])] == ["sk2", "sk"]
    assert [n.id for n in named.search_nodes("wojcik")] == ["wj"]


def test_the_partner_rule_refuses_us_and_our_own_group(store: GraphStore, tmp_path: Path) -> None:
    """Judged in queries/rules/partner.py, so the CLI and the Partner page refuse alike."""
    build(
        store,
        tmp_path,
        row("usdx", "us", "SUBSIDIARY_OF", "2020-01-01")
        + row("usold", "us", "SUBSIDIARY_OF", "2010-01-01", "2015-12-31"),
        extra_nodes="usdx,Company,Meridian Diagnostics\nusold,Company,Old Meridian Unit\n",
    )
    with pytest.raises(NotAPartner, match="not its own partner"):
        partner_view(store, "us", "us", T)
    with pytest.raises(NotAPartner, match=r"one corporate group on 2026-11-22 \(usdx -> us"):
        partner_view(store, "usdx", "us", T)
    assert partner_view(store, "usold", "us", T).relationships == []
    with pytest.raises(NotAPartner, match="one corporate group on 2014-06-01"):
        partner_view(store, "usold", "us", "2014-06-01")
