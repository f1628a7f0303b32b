{#- Connected components of an undirected graph, by iterative contraction in the warehouse.

    Each round every node points to its smallest neighbour (or itself); pointer jumping
    (parent := parent of parent, doubling the reach per query) resolves those pointers to
    the roots of their trees; the edges are then rewritten between roots. Every node with an
    edge joins at least one other, so the graph at least halves per round: O(log n) rounds,
    each with O(log depth) jumps, even on long chains. A component's label is its smallest
    node, whatever the row order.

    `edges_sql` selects two columns `node_l`, `node_r` (strings; NULLs and self-loops are
    ignored). Runs queries while the model executes (`run`/`build`), writes the labels to the
    table `<model>__<work_name>` and returns `select node, component_key from` it; drop it in a
    post-hook with `connected_components_cleanup(work_name)`. Nodes without edges are not in
    the result. Fails the model after `max_iterations` query rounds (rounds + jumps). -#}
{% macro connected_components(edges_sql, work_name='cc', max_iterations=none) -%}
    {%- set limit = max_iterations if max_iterations is not none
        else var('identity_max_iterations') | int -%}
    {%- set result = _connected_components_relation(work_name) -%}
    {%- if not (execute and flags.WHICH in ['run', 'build']) -%}
        {#- Compiling, linting, docs: show the shape without running the loop. -#}
        select
            cast(node_l as {{ dbt.type_string() }}) as node,
            cast(node_l as {{ dbt.type_string() }}) as component_key
        from ({{ edges_sql }}) as edges
        where 1 = 0
    {%- else -%}
        {%- set state = namespace(iterations=0, rounds=0, done=false, edges=none, parents=none) -%}
        {%- set maps = [] -%}
        {%- set state.edges = _connected_components_relation(work_name ~ '_e0') -%}
        {%- do _connected_components_create(state.edges, "
            select distinct
                least(node_l, node_r) as node_a,
                greatest(node_l, node_r) as node_b
            from (" ~ edges_sql ~ ") as input_edges
            where node_l is not null and node_r is not null and node_l <> node_r
        ") -%}
        {%- for round in range(1, limit + 2) -%}
            {%- if not state.done -%}
                {%- set edge_count = _connected_components_count(state.edges, '') -%}
                {%- if edge_count == 0 -%}
                    {%- set state.done = true -%}
                {%- else -%}
                    {%- set state.rounds = round -%}
                    {%- do _connected_components_step(state, limit, work_name, maps) -%}
                    {#- Each node points to its smallest neighbour, or to itself. -#}
                    {%- set state.parents = _connected_components_relation(
                        work_name ~ '_p' ~ round ~ '_0') -%}
                    {%- do _connected_components_create(state.parents, "
                        select node, min(neighbour) as parent
                        from (
                            select node_a as node, node_a as neighbour from " ~ state.edges ~ "
                            union all
                            select node_b as node, node_a as neighbour from " ~ state.edges ~ "
                        ) as adjacency
                        group by node
                    ") -%}
                    {#- Pointer jumping until every node points at its tree's root. -#}
                    {%- set jumping = namespace(done=false) -%}
                    {%- for jump in range(1, limit + 2) -%}
                        {%- if not jumping.done -%}
                            {%- set moved = run_query(
                                "select count(*) from " ~ state.parents ~ " as child
                                inner join " ~ state.parents ~ " as ancestor
                                    on ancestor.node = child.parent
                                where ancestor.parent <> child.parent"
                            ).columns[0].values()[0] -%}
                            {%- if moved == 0 -%}
                                {%- set jumping.done = true -%}
                            {%- else -%}
                                {%- do _connected_components_step(state, limit, work_name, maps) -%}
                                {%- set jumped = _connected_components_relation(
                                    work_name ~ '_p' ~ round ~ '_' ~ jump) -%}
                                {%- do _connected_components_create(jumped, "
                                    select child.node, ancestor.parent
                                    from " ~ state.parents ~ " as child
                                    inner join " ~ state.parents ~ " as ancestor
                                        on ancestor.node = child.parent
                                ") -%}
                                {%- do _connected_components_drop(state.parents) -%}
                                {%- set state.parents = jumped -%}
                            {%- endif -%}
                        {%- endif -%}
                    {%- endfor -%}
                    {%- do maps.append(state.parents) -%}
                    {%- set state.parents = none -%}
                    {#- Contract: edges between roots of different trees, once each. -#}
                    {%- set next_edges = _connected_components_relation(work_name ~ '_e' ~ round) -%}
                    {%- do _connected_components_create(next_edges, "
                        select distinct
                            least(root_a.parent, root_b.parent) as node_a,
                            greatest(root_a.parent, root_b.parent) as node_b
                        from " ~ state.edges ~ " as edges
                        inner join " ~ maps[-1] ~ " as root_a on root_a.node = edges.node_a
                        inner join " ~ maps[-1] ~ " as root_b on root_b.node = edges.node_b
                        where root_a.parent <> root_b.parent
                    ") -%}
                    {%- do _connected_components_drop(state.edges) -%}
                    {%- set state.edges = next_edges -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if not state.done -%}
            {%- do _connected_components_fail(work_name, limit, maps, state) -%}
        {%- endif -%}
        {#- A node's label: its round-1 root, then that root's root in each later round. -#}
        {%- if maps | length == 0 -%}
            {%- set labels_sql = "select node_a as node, node_a as component_key from "
                ~ state.edges ~ " where 1 = 0" -%}
        {%- else -%}
            {%- set joins = [] -%}
            {%- set labels = ['map_1.parent'] -%}
            {%- for map in maps[1:] -%}
                {%- set alias = 'map_' ~ (loop.index + 1) -%}
                {%- do joins.append('left join ' ~ map ~ ' as ' ~ alias ~ ' on ' ~ alias
                    ~ '.node = coalesce(' ~ (labels | reverse | join(', ')) ~ ')') -%}
                {%- do labels.append(alias ~ '.parent') -%}
            {%- endfor -%}
            {%- set labels_sql = 'select map_1.node, coalesce(' ~ (labels | reverse | join(', '))
                ~ ') as component_key from ' ~ maps[0] ~ ' as map_1 ' ~ (joins | join(' ')) -%}
        {%- endif -%}
        {%- do _connected_components_create(result, labels_sql) -%}
        {%- do _connected_components_drop(state.edges) -%}
        {%- for map in maps -%}
            {%- do _connected_components_drop(map) -%}
        {%- endfor -%}
        {%- do log('connected_components ' ~ this.identifier ~ '/' ~ work_name ~ ': '
            ~ state.rounds ~ ' rounds, ' ~ state.iterations ~ ' query rounds', info=true) -%}
        select node, component_key from {{ result }}
    {%- endif -%}
{%- endmacro %}
