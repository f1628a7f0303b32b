"""The customer-360 profile on a real build: the golden record is one row per person, each of
its values comes from a candidate of that person and is explained by the lineage, consent is
the latest explicit choice, and identities mark the golden identifiers as primary."""

from __future__ import annotations

from .conftest import Warehouse

GOLDEN_ATTRIBUTES = [
    "first_name", "last_name", "email", "phone", "street_address", "postcode", "city",
    "country", "date_of_birth", "loyalty_card_number", "home_store_id", "preferred_language",
]  # fmt: skip
CHANNELS = {"email", "sms", "phone", "postal", "ads"}

# dim_customers in the lineage's long form: one row per person and non-NULL golden attribute.
GOLDEN_LONG = " union all ".join(
    f"select person_id, '{name}' as attribute, cast({name} as varchar) as attribute_value "
    f"from marts.dim_customers where {name} is not null"
    for name in GOLDEN_ATTRIBUTES
)


def test_one_row_per_person(warehouse: Warehouse) -> None:
    rows, persons, mapped = warehouse.query(
        """
        select
            (select count(*) from marts.dim_customers),
            (select count(distinct person_id) from marts.dim_customers),
            (select count(distinct person_id) from marts.customer_identity_map)
        """
    )[0]
    assert rows == persons == mapped
    assert rows > 1000
    assert warehouse.scalar("select count(email) from marts.dim_customers") > 1000


def test_every_golden_value_comes_from_a_candidate_of_that_person(warehouse: Warehouse) -> None:
    orphans = warehouse.query(
        """
        select lineage.person_id, lineage.attribute, lineage.record_key
        from marts.dim_customer_attribute_lineage as lineage
        left join intermediate.int_customer_360__attribute_candidates as candidates
            on lineage.person_id = candidates.person_id
            and lineage.attribute = candidates.attribute
            and lineage.record_key = candidates.record_key
            and lineage.attribute_value = candidates.candidate_value
        where candidates.person_id is null
        limit 5
        """
    )
    assert orphans == []
    # ... and from the record identity resolution put in that person.
    misplaced = warehouse.scalar(
        """
        select count(*)
        from marts.dim_customer_attribute_lineage as lineage
        inner join marts.customer_identity_map as identity_map
            on lineage.record_key = identity_map.record_key
        where lineage.person_id <> identity_map.person_id
        """
    )
    assert misplaced == 0


def test_lineage_explains_every_non_null_attribute(warehouse: Warehouse) -> None:
    unexplained = warehouse.query(
        f"""
        with golden as ({GOLDEN_LONG})
        select golden.person_id, golden.attribute
        from golden
        left join marts.dim_customer_attribute_lineage as lineage
            on golden.person_id = lineage.person_id
            and golden.attribute = lineage.attribute
            and golden.attribute_value = lineage.attribute_value
        where lineage.person_id is null
        limit 5
        """
    )
    assert unexplained == []
    # No lineage row for a value the golden record does not show.
    lineage_rows = warehouse.scalar("select count(*) from marts.dim_customer_attribute_lineage")
    golden_rows = warehouse.scalar(f"select count(*) from ({GOLDEN_LONG})")
    assert lineage_rows == golden_rows


def test_the_winner_has_the_best_priority_then_the_latest_record(warehouse: Warehouse) -> None:
    """A value identity resolution found shared ranks after the person's own values; among
    the rest, priority then recency decide; a blocklisted value never wins."""
    beaten = warehouse.scalar(
        """
        select count(*)
        from marts.dim_customer_attribute_lineage as lineage
        inner join intermediate.int_customer_360__attribute_candidates as winner
            on lineage.person_id = winner.person_id
            and lineage.attribute = winner.attribute
            and lineage.record_key = winner.record_key
        inner join intermediate.int_customer_360__attribute_candidates as candidates
            on lineage.person_id = candidates.person_id
            and lineage.attribute = candidates.attribute
        where lineage.decided_by <> 'address_record'
            and coalesce(candidates.identity_exclusion_reason, '') <> 'blocklisted'
            and (
                (
                    candidates.identity_exclusion_reason is null
                    and winner.identity_exclusion_reason is not null
                )
                or (
                    (candidates.identity_exclusion_reason is null)
                    = (winner.identity_exclusion_reason is null)
                    and (
                        candidates.source_priority < lineage.source_priority
                        or (
                            candidates.source_priority = lineage.source_priority
                            and candidates.candidate_seen_at > lineage.value_seen_at
                        )
                    )
                )
            )
        """
    )
    assert beaten == 0
    blocklisted_winners = warehouse.scalar(
        """
        select count(*)
        from marts.dim_customer_attribute_lineage as lineage
        inner join intermediate.int_identity__identifier_exclusions as exclusions
            on lineage.attribute = exclusions.identifier_type
            and lower(lineage.attribute_value) = exclusions.identifier_value
        where exclusions.exclusion_reason = 'blocklisted'
        """
    )
    assert blocklisted_winners == 0
    decided = dict(
        warehouse.query(
            "select decided_by, count(*) from marts.dim_customer_attribute_lineage group by 1"
        )
    )
    assert {"single_value", "source_priority", "recency"} <= set(decided)


def test_an_address_comes_from_one_record(warehouse: Warehouse) -> None:
    mixed = warehouse.scalar(
        """
        select count(*) from (
            select person_id
            from marts.dim_customer_attribute_lineage
            where attribute in ('street_address', 'postcode', 'city', 'country')
            group by person_id
            having count(distinct record_key) > 1
                and count(case when attribute = 'street_address' then 1 end) = 1
        )
        """
    )
    assert mixed == 0


def test_names_keep_the_source_casing(warehouse: Warehouse) -> None:
    cased = warehouse.scalar(
        "select count(*) from marts.dim_customers where first_name <> lower(first_name)"
    )
    named = warehouse.scalar("select count(first_name) from marts.dim_customers")
    assert cased > 0.9 * named


def test_consent_is_the_latest_explicit_choice_per_person_and_channel(
    warehouse: Warehouse,
) -> None:
    channels = {row[0] for row in warehouse.query(
        "select distinct channel from marts.dim_customer_consents")}  # fmt: skip
    assert channels == CHANNELS
    per_person = warehouse.query(
        """
        select count(*), count(distinct person_id)
        from marts.dim_customer_consents
        """
    )[0]
    assert per_person[0] == 5 * per_person[1]
    stale = warehouse.scalar(
        """
        with latest as (
            select person_id, channel, max(chosen_at) as chosen_at
            from intermediate.int_customer_360__consent_choices
            group by person_id, channel
        )
        select count(*)
        from latest
        inner join marts.dim_customer_consents as consents
            on latest.person_id = consents.person_id and latest.channel = consents.channel
        where consents.consented_at is distinct from latest.chosen_at
            or not consents.has_explicit_choice
        """
    )
    assert stale == 0
    unsubscribes = warehouse.scalar(
        "select count(*) from marts.dim_customer_consents where consent_source = 'esp_unsubscribe'"
    )
    assert unsubscribes > 0


def test_golden_identifiers_are_primary_and_there_is_one_primary_per_type(
    warehouse: Warehouse,
) -> None:
    missing = warehouse.scalar(
        """
        select count(*)
        from marts.dim_customers as customers
        left join marts.dim_customer_identities as identities
            on customers.person_id = identities.person_id
            and identities.identifier_type = 'email'
            and identities.identifier_value = customers.email
            and identities.is_primary
        where customers.email is not null and identities.person_id is null
        """
    )
    assert missing == 0
    several = warehouse.scalar(
        """
        select count(*) from (
            select person_id, identifier_type
            from marts.dim_customer_identities
            where is_primary
            group by person_id, identifier_type
            having count(*) > 1
        )
        """
    )
    assert several == 0
    records = warehouse.scalar("select count(*) from marts.customer_identity_map")
    keys = warehouse.scalar(
        "select count(*) from marts.dim_customer_identities where identifier_type = 'record_key'"
    )
    assert keys == records
