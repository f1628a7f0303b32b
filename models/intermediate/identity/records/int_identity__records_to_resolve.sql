{#- Every record identity resolution sees, in the canonical raw columns: the staged sources,
    or the relation named by var `identity_input_relation` (bring your own records). The ref
    sits inside the branch so a BYO run neither needs nor builds the staged sources. A view:
    only the canonical records read it, once. -#}
{{ config(materialized='view') }}
{%- set input_relation = var('identity_input_relation') -%}

{%- if input_relation %}
    {{ identity_input_records(input_relation) }}
{%- else %}
    select * from {{ ref('int_identity__records_from_staging') }}
{%- endif %}
