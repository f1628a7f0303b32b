{#- One row per record and deterministic identifier it carries (long format), so guards and
    edges treat every identifier type the same way. A view: cheaper to recompute for its
    readers (each guard, the exclusions, the edges) than to write two million rows. -#}
{{ config(materialized='view') }}
{%- set identifier_types = identity_identifier_types() -%}

with

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

identifiers as (
    {%- for identifier_type in identifier_types %}
        select
            record_key,
            '{{ identifier_type }}' as identifier_type,
            {{ identifier_type }} as identifier_value
        from records
        where {{ identifier_type }} is not null
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}
)

select * from identifiers
