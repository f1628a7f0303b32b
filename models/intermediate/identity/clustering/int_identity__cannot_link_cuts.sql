{{ config(post_hook=[
    "{{ connected_components_cleanup('cl_links') }}",
    "{{ connected_components_cleanup('cl_units') }}",
    "{{ connected_components_cleanup('cl_constraints') }}",
]) }}

{#- A reviewer's `different` holds even when identifiers or a chain of other links join the
    two records: in each candidate person holding a `different` pair, links are added strongest
    first and any link that would join such a pair is cut (`cannot_link_cuts`). Identifier
    links are cut per value (every record holding it), not per star edge: a value two persons
    hold links no one, as with the guards. Only those few persons are read; when there are
    none the model is empty and costs one count. -#}
{%- set max_memberships = var('identity_cannot_link_max_memberships') | int -%}
{%- set links_relation = _connected_components_relation('cl_links') -%}
{%- set units_relation = _connected_components_relation('cl_units') -%}
{%- set constraints_relation = _connected_components_relation('cl_constraints') -%}
{%- set string_type = dbt.type_string() -%}

{%- set violated_pairs_sql -%}
    select
        left_clusters.cluster_key,
        decisions.decision_pair_key,
        decisions.record_key_l,
        decisions.record_key_r,
        decisions.reviewed_by,
        decisions.reviewed_at
    from {{ ref('int_identity__review_decisions') }} as decisions
    inner join {{ ref('int_identity__candidate_clusters') }} as left_clusters
        on decisions.record_key_l = left_clusters.record_key
    inner join {{ ref('int_identity__candidate_clusters') }} as right_clusters
        on decisions.record_key_r = right_clusters.record_key
    where decisions.decision = 'different'
        and left_clusters.cluster_key = right_clusters.cluster_key
{%- endset -%}

{#- One row per link and record it joins, in the persons holding a `different` pair. -#}
{%- set links_sql -%}
    with

    violated_clusters as (
        select distinct cluster_key from ({{ violated_pairs_sql }}) as violated_pairs
    ),

    cluster_records as (
        select
            candidate_clusters.record_key,
            candidate_clusters.cluster_key
        from {{ ref('int_identity__candidate_clusters') }} as candidate_clusters
        inner join violated_clusters
            on candidate_clusters.cluster_key = violated_clusters.cluster_key
    ),

    identifier_edges as (
        select
            cluster_records.cluster_key,
            edges.identifier_type,
            edges.identifier_value,
            edges.record_key,
            edges.anchor_record_key
        from {{ ref('int_identity__deterministic_edges') }} as edges
        inner join cluster_records on edges.record_key = cluster_records.record_key
    ),

    pair_links as (
        select
            cluster_records.cluster_key,
            verdicts.link_type,
            verdicts.linked_by,
            verdicts.record_key_l,
            verdicts.record_key_r,
            verdicts.match_probability
        from {{ ref('int_identity__edge_verdicts') }} as verdicts
        inner join cluster_records on verdicts.record_key_l = cluster_records.record_key
        where verdicts.verdict = 'accepted' and verdicts.link_type in ('reviewed', 'probabilistic')
    ),

    identifier_members as (
        select cluster_key, identifier_type, identifier_value, record_key as member_key
        from identifier_edges
        union
        select cluster_key, identifier_type, identifier_value, anchor_record_key as member_key
        from identifier_edges
    ),

    memberships as (
        select
            cluster_key,
            {{ dbt.concat(["'deterministic|'", 'identifier_type', "'|'", 'identifier_value']) }}
                as unit_key,
            'deterministic' as link_type,
            identifier_type as linked_by,
            identifier_value,
            cast(null as {{ string_type }}) as record_key_l,
            cast(null as {{ string_type }}) as record_key_r,
            cast(null as double) as match_probability,
            member_key
        from identifier_members
        {% for side in ['l', 'r'] %}
            union all
            select
                cluster_key,
                {{ dbt.concat(['link_type', "'|'", 'record_key_l', "'|'", 'record_key_r']) }}
                    as unit_key,
                link_type,
                linked_by,
                cast(null as {{ string_type }}) as identifier_value,
                record_key_l,
                record_key_r,
                cast(match_probability as double) as match_probability,
                record_key_{{ side }} as member_key
            from pair_links
        {% endfor %}
    )

    select * from memberships
{%- endset -%}

{#- One row per link, numbered strongest first: strength tier, then match probability, then
    the latest review, then the key (a total order, the same on every engine). -#}
{%- set units_sql -%}
    with

    links as (
        select * from {{ links_relation }}
    ),

    decisions as (
        select * from {{ ref('int_identity__review_decisions') }}
    ),

    units as (
        select
            unit_key,
            cluster_key,
            link_type,
            linked_by,
            identifier_value,
            record_key_l,
            record_key_r,
            match_probability,
            count(*) as record_count
        from links
        group by
            unit_key,
            cluster_key,
            link_type,
            linked_by,
            identifier_value,
            record_key_l,
            record_key_r,
            match_probability
    ),

    tiered as (
        select
            units.*,
            decisions.reviewed_at,
            {{ identity_link_strength_tier('units.link_type', 'units.linked_by') }}
                as link_strength_tier
        from units
        left join decisions
            on
                units.link_type = 'reviewed'
                and units.record_key_l = decisions.record_key_l
                and units.record_key_r = decisions.record_key_r
    ),

    numbered as (
        select
            *,
            row_number() over (
                order by
                    cluster_key asc nulls last,
                    link_strength_tier asc nulls last,
                    match_probability desc nulls last,
                    reviewed_at desc nulls last,
                    unit_key asc nulls last
            ) as unit_number,
            row_number() over (
                partition by cluster_key
                order by
                    link_strength_tier asc nulls last,
                    match_probability desc nulls last,
                    reviewed_at desc nulls last,
                    unit_key asc nulls last
            ) as strength_rank,
            count(*) over (partition by cluster_key) as links_in_cluster
        from tiered
    )

    select * from numbered
{%- endset -%}

{%- set constraints_sql -%}
    select
        *,
        row_number() over (
            order by cluster_key asc nulls last, decision_pair_key asc nulls last
        ) as constraint_number
    from ({{ violated_pairs_sql }}) as violated_pairs
{%- endset -%}

{#- The shape of both work tables, for compiling and for runs with nothing to cut. -#}
{%- set empty_units_sql -%}
    select
        cast(null as {{ string_type }}) as unit_key,
        cast(null as {{ string_type }}) as cluster_key,
        cast(null as {{ string_type }}) as link_type,
        cast(null as {{ string_type }}) as linked_by,
        cast(null as {{ string_type }}) as identifier_value,
        cast(null as {{ string_type }}) as record_key_l,
        cast(null as {{ string_type }}) as record_key_r,
        cast(null as double) as match_probability,
        cast(null as bigint) as record_count,
        cast(null as timestamp) as reviewed_at,
        cast(null as integer) as link_strength_tier,
        cast(null as bigint) as unit_number,
        cast(null as bigint) as strength_rank,
        cast(null as bigint) as links_in_cluster
    from {{ ref('int_identity__review_decisions') }}
    where 1 = 0
{%- endset -%}

{%- set empty_constraints_sql -%}
    select
        cast(null as {{ string_type }}) as cluster_key,
        cast(null as {{ string_type }}) as decision_pair_key,
        cast(null as {{ string_type }}) as record_key_l,
        cast(null as {{ string_type }}) as record_key_r,
        cast(null as {{ string_type }}) as reviewed_by,
        cast(null as timestamp) as reviewed_at,
        cast(null as bigint) as constraint_number
    from {{ ref('int_identity__review_decisions') }}
    where 1 = 0
{%- endset -%}

{%- set state = namespace(
    cuts=[], units_sql=empty_units_sql, constraints_sql=empty_constraints_sql
) -%}
{%- if execute and flags.WHICH in ['run', 'build'] -%}
    {%- set violations = run_query('select count(*) from (' ~ violated_pairs_sql ~ ') as pairs')
        .columns[0].values()[0] | int -%}
    {%- if violations > 0 -%}
        {%- do _connected_components_create(links_relation, links_sql) -%}
        {%- do _connected_components_create(units_relation, units_sql) -%}
        {%- do _connected_components_create(constraints_relation, constraints_sql) -%}
        {%- set state.cuts = cannot_link_cuts(
            units_relation, links_relation, constraints_relation, max_memberships
        ) -%}
        {%- set state.units_sql = 'select * from ' ~ units_relation -%}
        {%- set state.constraints_sql = 'select * from ' ~ constraints_relation -%}
        {%- do log(this.identifier ~ ': ' ~ violations ~ ' different decisions joined by links, '
            ~ state.cuts | length ~ ' links cut', info=true) -%}
    {%- endif -%}
{%- endif %}

with

units as (
    {{ state.units_sql }}
),

violated_decisions as (
    {{ state.constraints_sql }}
),

cut_list as (
    {%- for cut in state.cuts %}
        select
            cast({{ cut[0] }} as bigint) as unit_number,
            cast({{ cut[1] }} as bigint) as constraint_number
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- else %}
        select
            unit_number,
            unit_number as constraint_number
        from units
        where 1 = 0
    {%- endfor %}
),

final as (
    select
        {{ generate_surrogate_key(['units.unit_key']) }} as cut_key,
        units.cluster_key,
        units.link_type,
        units.linked_by,
        units.identifier_value,
        units.record_key_l,
        units.record_key_r,
        units.match_probability,
        units.record_count,
        units.link_strength_tier,
        units.strength_rank,
        units.links_in_cluster,
        violated_decisions.decision_pair_key,
        violated_decisions.record_key_l as decision_record_key_l,
        violated_decisions.record_key_r as decision_record_key_r,
        violated_decisions.reviewed_by as decision_reviewed_by,
        {{ dbt.concat([
            "'it would have joined '", 'violated_decisions.record_key_l', "' and '",
            'violated_decisions.record_key_r', "', reviewed different, once the '",
            'cast(units.strength_rank - 1 as ' ~ string_type ~ ')',
            "' stronger links of this person were in'",
        ]) }} as cut_reason
    from cut_list
    inner join units on cut_list.unit_number = units.unit_number
    inner join violated_decisions
        on cut_list.constraint_number = violated_decisions.constraint_number
)

select * from final
