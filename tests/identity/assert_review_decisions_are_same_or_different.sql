{#- A reviewer writes `same` or `different`, in any case and with stray spaces; anything else
    (a typo, `maybe`, an empty cell) is returned here with the row it is on, so the build
    stops before identity resolution instead of dropping the decision. Reads what
    int_identity__review_decisions reads: the seed, or the table named by the var
    `identity_review_decisions_relation`. The failing rows are stored: the build log names the
    table to select them from. -#}
{{ config(store_failures=true) }}
{%- set decisions_relation = var('identity_review_decisions_relation') -%}

with

decisions as (
    {% if decisions_relation %}
        select * from {{ decisions_relation }}
    {% else %}
        select * from {{ ref('identity_review_decisions') }}
    {% endif %}
),

unreadable as (
    select
        record_key_l,
        record_key_r,
        decision,
        reviewed_by,
        reviewed_at,
        {{ dbt.concat([
            "'review decision ['",
            "coalesce(decision, 'NULL')",
            "'] on the row for '",
            "coalesce(record_key_l, 'NULL')",
            "' / '",
            "coalesce(record_key_r, 'NULL')",
            "' reviewed at '",
            "coalesce(cast(reviewed_at as " ~ dbt.type_string() ~ "), 'NULL')",
            "' by '",
            "coalesce(reviewed_by, 'NULL')",
            "' is neither same nor different: write same or different'",
        ]) }} as problem
    from decisions
    where lower(trim(decision)) not in ('same', 'different') or decision is null
)

select * from unreadable
