"""Email links carry the CRM contact id (`cid=`): a click ties the cookie it lands on to the
contact, unless the contact id was forwarded and clicked by other people.

Two levels: hand-written identity records (through `identity_input_relation`, as in
test_identity_keys) pin the guards down exactly; the generated warehouse checks the whole path
(ESP click → landing page view → staged `link_crm_contact_id` → identity map) against the
generator's truth, forwarded emails included.
"""

from __future__ import annotations

import pytest

from .conftest import Warehouse
from .test_identity_keys import Built, _dbt, _write_input

COLUMNS = (
    "source_name",
    "source_record_id",
    "first_name",
    "last_name",
    "email",
    "crm_contact_id",
    "shop_customer_id",
    "cookie_id",
    "device_id",
    "record_seen_at",
)
# Five colleagues who each logged in as themselves clicked one forwarded email.
FORWARDEES = range(2, 7)
RECORDS = (
    # Marie clicked her own email on an anonymous cookie: the cookie is hers.
    ("crm_contact", "C1", "Marie", "Dupont", "marie.dupont@free.fr", "CRM-1", None, None, None),
    ("web_cookie", "k1", None, None, None, None, None, "k1", "D1"),
    ("web_email_click", "e1", None, None, None, "CRM-1", None, "k1", "D1"),
    # Paul's email went viral: his contact id on five people's devices.
    ("crm_contact", "C2", "Paul", "Girard", "paul.girard@orange.fr", "CRM-2", None, None, None),
    *(
        row
        for number in FORWARDEES
        for row in (
            ("web_login", f"l{number}", None, None, f"p{number}@x.fr", None, f"S{number}",
             f"k{number}", f"D{number}"),
            ("web_cookie", f"k{number}", None, None, None, None, None, f"k{number}", f"D{number}"),
            ("web_email_click", f"f{number}", None, None, None, "CRM-2", None, f"k{number}",
             f"D{number}"),
        )
    ),
    # One cookie clicked two contacts' links (a shared computer): it belongs to neither.
    ("crm_contact", "C3", "Anne", "Moreau", "anne.moreau@free.fr", "CRM-3", None, None, None),
    ("crm_contact", "C4", "Luc", "Bernard", "luc.bernard@sfr.fr", "CRM-4", None, None, None),
    ("web_cookie", "k7", None, None, None, None, None, "k7", "D7"),
    ("web_email_click", "g3", None, None, None, "CRM-3", None, "k7", "D7"),
    ("web_email_click", "g4", None, None, None, "CRM-4", None, "k7", "D7"),
)  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    work = tmp_path_factory.mktemp("identity_email_links")
    database = work / "links.duckdb"
    _write_input(database, COLUMNS, tuple((*row, "2024-05-01 10:00:00") for row in RECORDS))
    result = _dbt(
        ["build", "--select", "+int_identity__deterministic_edges", "--exclude",
         "resource_type:unit_test"],
        database,
        work,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    return Built(database)


def _components(built: Built) -> dict[str, str]:
    """Record key → a representative of its deterministic group (every record included)."""
    parent = {
        key: key
        for (key,) in built.rows("select record_key from intermediate.int_identity__records")
    }

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for member, anchor in built.rows(
        "select record_key, anchor_record_key from intermediate.int_identity__deterministic_edges"
    ):
        parent[find(member)] = find(anchor)
    return {key: find(key) for key in parent}


def _exclusion(built: Built, identifier_type: str, value: str) -> list[tuple]:
    return built.rows(
        "select exclusion_reason, exclusion_detail"
        " from intermediate.int_identity__identifier_exclusions"
        f" where identifier_type = '{identifier_type}' and identifier_value = '{value}'"
    )


def test_a_click_ties_the_cookie_to_the_contact(built: Built) -> None:
    group = _components(built)
    assert group["web_cookie:k1"] == group["crm_contact:C1"] == group["web_email_click:e1"]
    assert _exclusion(built, "crm_contact_id", "CRM-1") == []


def test_a_viral_forward_merges_no_one_and_is_logged(built: Built) -> None:
    group = _components(built)
    persons = {group[f"web_login:l{number}"] for number in FORWARDEES}
    assert len(persons) == len(FORWARDEES)
    assert group["crm_contact:C2"] not in persons
    # Each click stays with the cookie it landed on.
    for number in FORWARDEES:
        assert group[f"web_email_click:f{number}"] == group[f"web_cookie:k{number}"]
    assert _exclusion(built, "crm_contact_id", "CRM-2") == [
        ("shared_value", "distinct device_ids > 1")
    ]


def test_a_cookie_with_two_contacts_links_belongs_to_neither(built: Built) -> None:
    group = _components(built)
    assert group["crm_contact:C3"] != group["crm_contact:C4"]
    # The cookie is excluded, so its clicks link nothing, not even to their contact.
    for key in ("web_email_click:g3", "web_email_click:g4", "web_cookie:k7"):
        assert group[key] == key
        assert not built.rows(
            "select 1 from intermediate.int_identity__deterministic_edges"
            f" where record_key = '{key}' or anchor_record_key = '{key}'"
        )
    assert _exclusion(built, "cookie_id", "k7") == [
        ("shared_value", "distinct crm_contact_ids > 1")
    ]


# -- the generated warehouse ------------------------------------------------------------------

CLICKS_WITH_TRUTH = """
    with clicks as (
        select
            records.record_key,
            records.cookie_id,
            records.crm_contact_id,
            cookie_owner.person_id as clicker,
            contact_owner.person_id as contact_person
        from intermediate.int_identity__records as records
        inner join cdp_truth.cookie_persons as cookie_owner
            on cookie_owner.cookie_id = records.cookie_id
        inner join cdp_truth.record_persons as contact_owner
            on contact_owner.source_table = 'raw_crm.contacts'
            and contact_owner.source_record_id = records.crm_contact_id
        where records.source_name = 'web_email_click'
    )
    select
        clicks.*,
        cookie_map.person_id as cookie_person_id,
        contact_map.person_id as contact_person_id
    from clicks
    inner join marts.customer_identity_map as cookie_map
        on cookie_map.record_key = 'web_cookie:' || clicks.cookie_id
    inner join marts.customer_identity_map as contact_map
        on contact_map.record_key = 'crm_contact:' || clicks.crm_contact_id
"""


def test_generated_clicks_carry_the_contact_id_into_staging(warehouse: Warehouse) -> None:
    staged = warehouse.scalar(
        "select count(*) from staging.stg_web__events"
        " where link_crm_contact_id is not null and query_string like '%utm_source=email%'"
    )
    clicked = warehouse.scalar(
        "select count(*) from staging.stg_esp__message_events"
        " where event_type = 'click' and link_crm_contact_id is not null"
    )
    assert staged > 20 and clicked > staged


def test_a_generated_click_ties_an_anonymous_cookie_to_its_contact(warehouse: Warehouse) -> None:
    own = warehouse.query(
        f"""
        select count(*), count_if(cookie_person_id = contact_person_id)
        from ({CLICKS_WITH_TRUTH})
        where clicker = contact_person
        """
    )[0]
    # Nearly every own click links (the guards may set aside a contact id seen on two of its
    # owner's devices).
    assert own[0] >= 10
    assert own[1] >= 0.9 * own[0]


def test_a_generated_forward_to_several_people_merges_none_of_them(
    warehouse: Warehouse,
) -> None:
    forwarded = warehouse.query(
        f"""
        select crm_contact_id, count(distinct clicker) as people,
            count(distinct cookie_person_id) as persons,
            count_if(cookie_person_id = contact_person_id) as joined_to_contact
        from ({CLICKS_WITH_TRUTH})
        where clicker <> contact_person
        group by crm_contact_id
        having count(distinct clicker) >= 2
        """
    )
    assert forwarded, "the generator should forward some emails to several people"
    excluded = dict(
        warehouse.query(
            "select identifier_value, exclusion_reason"
            " from intermediate.int_identity__identifier_exclusions"
            " where identifier_type = 'crm_contact_id'"
        )
    )
    for contact_id, people, persons, joined in forwarded:
        assert persons == people, f"{contact_id}: forwardees merged"
        assert joined == 0, f"{contact_id}: a forwardee's cookie joined the contact"
        assert excluded.get(contact_id) == "shared_value", contact_id


def test_the_guards_keep_forwards_off_identified_cookies(warehouse: Warehouse) -> None:
    """Clicks become records only on cookies and devices no login or sign-up identifies."""
    on_identified = warehouse.scalar(
        """
        select count(*)
        from intermediate.int_identity__records as clicks
        inner join staging.stg_web__identifies as logins
            on logins.cookie_id = clicks.cookie_id or logins.device_id = clicks.device_id
        where clicks.source_name = 'web_email_click'
        """
    )
    assert on_identified == 0
