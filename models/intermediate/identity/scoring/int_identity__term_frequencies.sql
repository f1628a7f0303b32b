-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- Share of canonical records holding each value, per term type: common values (a frequent
-- last name, a big city) are weak evidence when two records agree on them. The shares are
-- smoothed with `identity_tf_prior_records` pseudo records spread at the documented u_prior of
-- the level the term adjusts (identity_comparisons), so on a handful of records a name is not
-- "common" merely because two of them carry it.
{%- set prior_records = var('identity_tf_prior_records') %}
{%- set tf_priors = {} %}
{%- for comparison in identity_comparisons() %}
    {%- for level, term_type in comparison.tf.items() %}
        {%- do tf_priors.update({term_type: comparison.u_prior[comparison.levels.index(level)]}) %}
    {%- endfor %}
{%- endfor %}

with

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

terms as (
    select
        'first_name' as term_type,
        first_name_canonical as term_value
    from records
    union all
    select
        'last_name' as term_type,
        last_name as term_value
    from records
    union all
    select
        'postcode' as term_type,
        postcode as term_value
    from records
    union all
    select
        'city' as term_type,
        city as term_value
    from records
    union all
    select
        'address' as term_type,
        {{ dbt.concat(['street_address', "'|'", 'postcode']) }} as term_value
    from records
    union all
    select
        'email_local_part' as term_type,
        {{ dbt.split_part('email', "'@'", 1) }} as term_value
    from records
    union all
    select
        'email_domain' as term_type,
        {{ dbt.split_part('email', "'@'", 2) }} as term_value
    from records
),

counted as (
    select
        term_type,
        term_value,
        count(*) as record_count
    from terms
    where term_value is not null
    group by term_type, term_value
),

totalled as (
    select
        *,
        sum(record_count) over (partition by term_type) as term_type_records,
        case term_type
            {%- for term_type, u_prior in tf_priors.items() | sort %}
            when '{{ term_type }}' then {{ u_prior }}
            {%- endfor %}
        end as tf_prior
    from counted
),

final as (
    select
        {{ dbt.concat(['term_type', "':'", 'term_value']) }} as term_key,
        term_type,
        term_value,
        record_count,
        (record_count + {{ prior_records }} * coalesce(tf_prior, 0.0))
        / (term_type_records + {{ prior_records }} * case when tf_prior is null then 0 else 1 end)
            as term_frequency
    from totalled
)

select * from final
