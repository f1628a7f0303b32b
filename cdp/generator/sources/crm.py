"""raw_crm.contacts: the store CRM, append-mode history (one row per version)."""

from __future__ import annotations

import numpy as np

from cdp.generator import noise
from cdp.generator.persons import NEVER
from cdp.generator.rates import CRM
from cdp.generator.world import (
    Chunk,
    World,
    address_at,
    counts_from,
    email_at,
    last_of_group,
    noisy_names,
    phone_sql,
    version_times,
)
from cdp.raw_schema import raw_table

CONTACTS = raw_table("raw_crm.contacts")

# Duplicate contacts are re-keyed by staff at a till: nicknames and typos are the rule.
DUP_FIRST_NAME_RATES = {
    noise.NAME_NICKNAME: CRM.duplicate_first_name_nickname,
    noise.NAME_TYPO: CRM.duplicate_first_name_typo,
    noise.NAME_ACCENT: 0.1,
    noise.NAME_UPPER: 0.1,
}
DUP_LAST_NAME_RATES = {
    noise.NAME_TYPO: CRM.duplicate_last_name_typo,
    noise.NAME_ACCENT: 0.1,
    noise.NAME_UPPER: 0.25,
}
DUP_EMAIL_RATES = {
    noise.EMAIL_NULL: CRM.duplicate_email_missing,
    noise.EMAIL_TYPO: 0.1,
    noise.EMAIL_CASE: 0.05,
}


def contact_id_sql(number_sql: str) -> str:
    return f"'CRM-' || lpad(({number_sql})::VARCHAR, 7, '0')"


def generate(world: World, chunk: Chunk) -> None:
    rng = world.rng("crm", chunk.number)
    people = chunk.people
    primary = np.flatnonzero(people.in_crm)
    dup = np.flatnonzero(people.has_dup_contact)
    who = np.concatenate([primary, dup])  # person row in the chunk, per contact
    is_dup = np.concatenate([np.zeros(len(primary), bool), np.ones(len(dup), bool)])
    n = len(who)
    created = np.concatenate([people.contact_created_us[primary], people.dup_created_us[dup]])
    number = np.concatenate([people.contact_no[primary], people.dup_contact_no[dup]])

    # Per contact: how it was typed in (kept by all its versions).
    fn_kind = np.where(
        is_dup,
        noise.draw_kinds(rng, n, DUP_FIRST_NAME_RATES),
        noise.draw_kinds(rng, n, noise.NAME_RATES),
    )
    ln_kind = np.where(
        is_dup,
        noise.draw_kinds(rng, n, DUP_LAST_NAME_RATES),
        noise.draw_kinds(rng, n, noise.LAST_NAME_RATES),
    )
    email_kind = np.where(
        is_dup,
        noise.draw_kinds(rng, n, DUP_EMAIL_RATES),
        noise.draw_kinds(rng, n, noise.EMAIL_RATES, scale=CRM.email_noise_scale),
    )
    has_mobile = people.has_mobile[who]
    has_landline = people.has_landline[who]
    phone_source = np.select(
        [has_landline & (~has_mobile | (rng.random(n) < 0.2)), has_mobile], [2, 1], 0
    )
    phone_source = np.where(rng.random(n) < np.where(is_dup, 0.4, 0.15), 0, phone_source)
    birth_u = rng.random(n)
    birth_kind = np.select(
        [
            birth_u < np.where(is_dup, 0.5, CRM.birth_date_missing),
            birth_u < np.where(is_dup, 0.5, CRM.birth_date_missing) + CRM.birth_date_malformed,
        ],
        [1, 2],
        0,
    )
    test = people.is_test[who]
    opt_in = [
        np.where(is_dup | test, rng.random(n) < 0.3, flags[who]) & ~test
        for flags in (
            people.email_opt_in,
            people.sms_opt_in,
            people.phone_opt_in,
            people.postal_opt_in,
        )
    ]
    # Loyalty members sometimes got their card after the contact was created.
    card_later = rng.random(n) < 0.3

    extra = np.where(
        is_dup, rng.random(n) < 0.3, counts_from(rng, CRM.extra_version_shares, n, start=0)
    )
    consent_at = np.where(is_dup, NEVER, people.consent_changed_us[who])
    forced = [
        np.where(is_dup, NEVER, people.email_changed_us[who]),
        np.where(is_dup, NEVER, people.moved_us[who]),
        consent_at,
    ]
    record, version, updated = version_times(rng, world.clock, created, extra, forced)
    last = last_of_group(record)
    deleted = last & (rng.random(n) < np.where(is_dup, 0.10, CRM.deleted))[record]

    flipped_kind = people.consent_flipped[who][record]
    after_flip = updated >= consent_at[record]
    flags = {}
    for i, name in enumerate(("email_opt_in", "sms_opt_in", "phone_opt_in", "postal_opt_in")):
        flags[name] = opt_in[i][record] ^ (after_flip & (flipped_kind == i))
    missing_phone_first = (rng.random(n) < 0.2)[record] & (version == 1) & (extra[record] > 0)

    frame = {
        "person_id": people.person_id[who][record],
        "contact_no": number[record],
        "is_dup": is_dup[record],
        "created": created[record],
        "updated": updated,
        "swap": (rng.random(n) < np.where(is_dup, CRM.duplicate_swapped_names, CRM.swapped_names))[
            record
        ],
        "fn_kind": fn_kind[record],
        "fn_u": rng.random(n)[record],
        "ln_kind": ln_kind[record],
        "ln_u": rng.random(n)[record],
        "email_kind": email_kind[record],
        "email_u": rng.random(n)[record],
        "phone_source": np.where(missing_phone_first, 0, phone_source[record]),
        "phone_kind": noise.draw_formats(rng, n, noise.PHONE_FORMATS_TYPED)[record],
        "phone_u": rng.random(n)[record],
        "postcode_missing": (rng.random(n) < 0.01)[record],
        "city_upper": (rng.random(n) < 0.08)[record],
        "birth_kind": birth_kind[record],
        "birth_u": rng.random(n)[record],
        "card": (people.has_loyalty[who] & ~is_dup)[record]
        & ~(card_later[record] & (version == 1)),
        "store_lower": (rng.random(n) < 0.02)[record] & ~is_dup[record],
        "lang_u": rng.random(n)[record],
        **flags,
        "consent_at": np.where(after_flip, consent_at[record], created[record]),
        "deleted": deleted,
    }
    first_name, last_name = noisy_names()
    birth = "strftime(p.birth_date, '%Y-%m-%d')"
    malformed_birth = (
        "CASE WHEN f.birth_u < 0.3 THEN strftime(p.birth_date, '%Y') || '-02-31' "
        "WHEN f.birth_u < 0.6 THEN strftime(p.birth_date, '%d/%m/%Y') "
        "WHEN f.birth_u < 0.8 THEN '0000-00-00' ELSE 'unknown' END"
    )
    exprs = {
        "contact_id": contact_id_sql("f.contact_no"),
        "first_name": first_name,
        "last_name": last_name,
        "email": f"email_noise({email_at('f.updated')}, f.email_kind, f.email_u)",
        "phone": phone_sql("f.phone_source", "f.phone_kind", "f.phone_u"),
        "street_address": address_at("f.updated", "street_address"),
        "postcode": f"CASE WHEN f.postcode_missing THEN NULL "
        f"ELSE {address_at('f.updated', 'postcode')} END",
        "city": f"CASE WHEN f.city_upper THEN upper({address_at('f.updated', 'city')}) "
        f"ELSE {address_at('f.updated', 'city')} END",
        "country_code": "p.country_code",
        "birth_date": f"CASE f.birth_kind WHEN 1 THEN NULL WHEN 2 THEN {malformed_birth} "
        f"ELSE {birth} END",
        "loyalty_card_number": "CASE WHEN f.card THEN p.loyalty_card_number END",
        "home_store_id": "CASE WHEN f.is_dup THEN NULL WHEN f.store_lower "
        "THEN lower(p.home_store_id) ELSE p.home_store_id END",
        "preferred_language": "CASE WHEN f.lang_u < 0.05 THEN NULL WHEN f.lang_u < 0.08 "
        "THEN upper(p.language) ELSE p.language END",
        "email_opt_in": "f.email_opt_in",
        "sms_opt_in": "f.sms_opt_in",
        "phone_opt_in": "f.phone_opt_in",
        "postal_opt_in": "f.postal_opt_in",
        "consent_updated_at": "make_timestamp(f.consent_at)",
        "created_at": "make_timestamp(f.created)",
        "updated_at": "make_timestamp(f.updated)",
        "is_deleted": "f.deleted",
    }
    world.writer.write(
        CONTACTS,
        frame,
        exprs,
        rng=rng,
        available_us=updated,
        join_persons=True,
        truth_key=contact_id_sql("f.contact_no"),
        versions_of=record,
    )
