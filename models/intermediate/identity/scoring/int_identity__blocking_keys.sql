-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- One row per scoring record and blocking rule whose keys are all known: the block it falls in,
-- and the block's size (blocks over `identity_max_block_size` are skipped, see
-- audit_identity_skipped_blocks).
{%- set rules = identity_blocking_rules() %}

with

records as (
    select * from {{ ref('int_identity__records_for_scoring') }}
),

keyed as (
    {%- for rule in rules %}
    select
        {{ loop.index }} as rule_order,
        '{{ rule.name }}' as blocking_rule,
        record_key,
        {%- set parts = [] %}
        {%- for key in rule['keys'] %}
            {%- if not loop.first %}{% do parts.append("'|'") %}{% endif %}
            {%- do parts.append('cast((' ~ key ~ ') as ' ~ dbt.type_string() ~ ')') %}
        {%- endfor %}
        {{ dbt.concat(parts) }} as block_key
    from records
    where
        {%- for key in rule['keys'] %}
        {{ 'and ' if not loop.first }}({{ key }}) is not null
        {%- endfor %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        {{ dbt.concat(['blocking_rule', "':'", 'record_key']) }} as blocking_key_id,
        rule_order,
        blocking_rule,
        record_key,
        block_key,
        count(*) over (partition by rule_order, block_key) as block_size
    from keyed
)

select * from final
