"""Email links carry the CRM contact id (`cid=`): clicks from at least
`identity_email_click_min_sends` (2) distinct sends tie the anonymous cookie they land on to the
contact; one click (a forwarded email, most often) ties nothing, and the guards set aside a
contact id clicked on several devices or a cookie with two contacts' links.

Three levels: hand-written identity records (through `identity_input_relation`, as in
test_identity_keys: the `web_email_click` records staging lets through) pin the guards down
exactly; clicks written into a copy of the generated warehouse's raw web events check the
sends rule on the real path (raw event → staged `link_crm_contact_id` and `link_campaign_id` →
identity record → deterministic edges); the generated warehouse checks the whole path against
the generator's truth, forwarded emails included.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import duckdb
import pytest

from cdp.project import project_dir

from .conftest import Warehouse
from .identity_inputs import DBT, build_deterministic_edges
from .test_identity_keys import Built

MIN_SENDS = 2  # var identity_email_click_min_sends

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
    build_deterministic_edges(database, work, COLUMNS, RECORDS)
    return Built(database)


def _components(built: Built) -> dict[str, str]:
    """Record key → a representative of its deterministic group (every record included)."""
    parent = {
        key: key
        for (key,) in built.rows(
            "select record_key from intermediate.int_identity__normalised_records"
        )
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


# -- clicks written into the raw web events of a copy of the generated warehouse --------------

# Cookie → (contact letter, campaign, days before as_of) of each landing page view.
LANDINGS = {
    "owner": [("X", "CMP-901", 40), ("X", "CMP-902", 12)],  # two sends: tied
    "forwardee": [("X", "CMP-903", 5)],  # one forwarded click: not tied, no guard tripped
    "one-email-twice": [("Y", "CMP-904", 30), ("Y", "CMP-904", 29)],  # one send: not tied
}


def _cookie(name: str) -> str:
    return f"00000000-0000-4000-8000-{name.encode().hex()[:12]:0>12}"


@pytest.fixture(scope="module")
def clicked(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, dict]:
    work = tmp_path_factory.mktemp("identity_email_clicks")
    database = work / "clicked.duckdb"
    shutil.copy(warehouse.database, database)
    with duckdb.connect(str(database)) as con:
        # Two contacts no link ever carried, each with its CRM record.
        rows = con.execute(
            """
            select crm_contact_id, min(record_key)
            from intermediate.int_identity__normalised_records
            where source_name = 'crm_contact' and crm_contact_id not in (
                select link_crm_contact_id from staging.stg_web__events
                where link_crm_contact_id is not null
            )
            group by crm_contact_id
            order by crm_contact_id
            limit 2
            """
        ).fetchall()
        contacts = {"X": rows[0], "Y": rows[1]}
        for name, landings in LANDINGS.items():
            for letter, campaign, days in landings:
                query = (
                    f"utm_source=email&utm_medium=email&utm_campaign={campaign}"
                    f"&cid={contacts[letter][0]}"
                )
                con.execute(
                    """
                    insert into raw_web.events
                    select * replace (
                        cast(uuid() as varchar) as event_id,
                        ? as cookie_id,
                        ? as device_id,
                        cast(uuid() as varchar) as session_id,
                        'page_view' as event_type,
                        '/' as page_path,
                        ? as query_string,
                        cast(null as bigint) as product_id,
                        cast(? as timestamp) - to_days(?) as occurred_at,
                        uuid() as _airbyte_raw_id,
                        now() as _airbyte_extracted_at
                    )
                    from raw_web.events
                    limit 1
                    """,
                    [_cookie(name), f"device-{name}", query,
                     warehouse.as_of.replace(tzinfo=None), days],
                )  # fmt: skip
    project = project_dir()
    result = subprocess.run(
        [str(DBT), "run", "--select", "+int_identity__deterministic_edges",
         "--project-dir", str(project), "--profiles-dir", str(project),
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        capture_output=True, text=True, cwd=project, timeout=600, check=False,
        env={**os.environ, "CDP_DUCKDB_PATH": str(database)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    return Built(database), contacts


def test_clicks_from_two_sends_tie_the_cookie(clicked: tuple[Built, dict]) -> None:
    built, contacts = clicked
    group = _components(built)
    contact_record = contacts["X"][1]
    assert group[f"web_cookie:{_cookie('owner')}"] == group[contact_record]
    # The forwarded click left the contact id on one device only: no guard tripped.
    assert _exclusion(built, "crm_contact_id", contacts["X"][0]) == []


def test_one_forwarded_click_ties_nothing(clicked: tuple[Built, dict]) -> None:
    built, contacts = clicked
    group = _components(built)
    assert group[f"web_cookie:{_cookie('forwardee')}"] != group[contacts["X"][1]]
    assert not built.rows(
        "select 1 from intermediate.int_identity__normalised_records"
        " where source_name = 'web_email_click'"
        f" and cookie_id = '{_cookie('forwardee')}'"
    )


def test_one_email_clicked_twice_is_one_send(clicked: tuple[Built, dict]) -> None:
    built, contacts = clicked
    group = _components(built)
    assert group[f"web_cookie:{_cookie('one-email-twice')}"] != group[contacts["Y"][1]]


# -- the generated warehouse ------------------------------------------------------------------

CLICKS_WITH_TRUTH = """
    with clicks as (
        select
            records.record_key,
            records.cookie_id,
            records.crm_contact_id,
            cookie_owner.person_id as clicker,
            contact_owner.person_id as contact_person
        from intermediate.int_identity__normalised_records as records
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


# (cookie, contact id) pairs clicked on anonymous cookies, with the distinct sends (campaigns,
# else days) counted here from the raw query string, independently of the model.
ANONYMOUS_CLICK_SENDS = """
    select
        events.cookie_id,
        events.link_crm_contact_id as crm_contact_id,
        count(distinct coalesce(
            nullif(split_part(split_part(events.query_string, 'utm_campaign=', 2), '&', 1), ''),
            cast(cast(events.occurred_at as date) as varchar)
        )) as sends
    from staging.stg_web__events as events
    where
        events.link_crm_contact_id is not null
        and events.cookie_id not in (
            select cookie_id from staging.stg_web__identifies where cookie_id is not null
        )
        and events.device_id not in (
            select device_id from staging.stg_web__identifies where device_id is not null
        )
    group by all
"""


def test_generated_clicks_become_records_only_from_enough_sends(warehouse: Warehouse) -> None:
    pairs = warehouse.query(
        f"""
        select clicks.sends, records.record_key is not null
        from ({ANONYMOUS_CLICK_SENDS}) as clicks
        left join intermediate.int_identity__normalised_records as records
            on records.source_name = 'web_email_click'
            and records.cookie_id = clicks.cookie_id
            and records.crm_contact_id = clicks.crm_contact_id
        """
    )
    single = [is_record for sends, is_record in pairs if sends < MIN_SENDS]
    assert len(single) >= 10, "the generator should click links on anonymous cookies"
    assert not any(single), "a cookie with clicks from one send was tied"
    assert all(is_record for sends, is_record in pairs if sends >= MIN_SENDS)
    records = warehouse.scalar(
        "select count(*) from intermediate.int_identity__normalised_records"
        " where source_name = 'web_email_click'"
    )
    assert records == sum(1 for sends, _ in pairs if sends >= MIN_SENDS)


def test_a_generated_click_ties_an_anonymous_cookie_to_its_contact(warehouse: Warehouse) -> None:
    """The records left (clicks from two sends or more) are their owners' and tie the cookie;
    two forwards of one contact to the same person's cookie are rare."""
    clicks = warehouse.query(
        f"select clicker = contact_person, cookie_person_id = contact_person_id"
        f" from ({CLICKS_WITH_TRUTH})"
    )
    assert all(is_tied for is_own, is_tied in clicks if is_own)
    assert sum(1 for is_own, _ in clicks if not is_own) <= 1


# Clicks on anonymous cookies with the true owner of the cookie and of the contact, and the
# persons identity resolution gave each.
FORWARDED_CLICKS = f"""from ({ANONYMOUS_CLICK_SENDS}) as clicks
        inner join cdp_truth.cookie_persons as cookie_owner
            on cookie_owner.cookie_id = clicks.cookie_id
        inner join cdp_truth.record_persons as contact_owner
            on contact_owner.source_table = 'raw_crm.contacts'
            and contact_owner.source_record_id = clicks.crm_contact_id
        inner join marts.customer_identity_map as cookie_map
            on cookie_map.record_key = 'web_cookie:' || clicks.cookie_id
        inner join marts.customer_identity_map as contact_map
            on contact_map.record_key = 'crm_contact:' || clicks.crm_contact_id"""


def test_a_generated_single_forwarded_click_joins_no_one(warehouse: Warehouse) -> None:
    joined = warehouse.scalar(
        f"""
        select count(*)
        {FORWARDED_CLICKS}
        where
            cookie_owner.person_id <> contact_owner.person_id
            and cookie_map.person_id = contact_map.person_id
        """
    )
    assert joined == 0


def test_a_generated_forward_to_several_people_merges_none_of_them(
    warehouse: Warehouse,
) -> None:
    forwarded = warehouse.query(
        f"""
        select clicks.crm_contact_id, count(distinct cookie_owner.person_id) as people,
            count(distinct cookie_map.person_id) as persons,
            count_if(cookie_map.person_id = contact_map.person_id) as joined_to_contact
        {FORWARDED_CLICKS}
        where cookie_owner.person_id <> contact_owner.person_id
        group by clicks.crm_contact_id
        having count(distinct cookie_owner.person_id) >= 2
        """
    )
    assert forwarded, "the generator should forward some emails to several people"
    for contact_id, people, persons, joined in forwarded:
        assert persons == people, f"{contact_id}: forwardees merged"
        assert joined == 0, f"{contact_id}: a forwardee's cookie joined the contact"


def test_the_guards_keep_forwards_off_identified_cookies(warehouse: Warehouse) -> None:
    """Clicks become records only on cookies and devices no login or sign-up identifies."""
    on_identified = warehouse.scalar(
        """
        select count(*)
        from intermediate.int_identity__normalised_records as clicks
        inner join staging.stg_web__identifies as logins
            on logins.cookie_id = clicks.cookie_id or logins.device_id = clicks.device_id
        where clicks.source_name = 'web_email_click'
        """
    )
    assert on_identified == 0
