{#- The links to cut so that no `different` pair shares a person: Kruskal with cannot-link
    constraints, run on the few candidate persons that hold a `different` pair.

    Links are added strongest first (`unit_number` order); a link joins the components of all
    the records it touches (an identifier value joins all its holders at once). A link that
    would put the two records of a `different` decision in one component is skipped: it is
    cut, naming that decision. Every stronger link was kept, so a cut link is the weakest on
    the strongest path that joined the pair (the bottleneck), and each component is as large as
    the constraints allow. Deterministic: the order is total and the first violated decision
    (smallest `constraint_number`) is the one named.

    Reads `units_relation` (`unit_number`, `unit_key`, `cluster_key`), `links_relation`
    (`unit_key`, `member_key`: the records a link joins) and `constraints_relation`
    (`constraint_number`, `cluster_key`, `record_key_l`, `record_key_r`). Only numbers come
    back into the SQL, never record keys or values (no quoting differences between engines).
    Returns a list of `[unit_number, constraint_number]`. Fails, naming the var, when more
    than `max_memberships` link ends would have to be read. -#}
{% macro cannot_link_cuts(units_relation, links_relation, constraints_relation,
    max_memberships) -%}
    {%- set membership_count = run_query('select count(*) from ' ~ links_relation)
        .columns[0].values()[0] | int -%}
    {%- if membership_count > max_memberships -%}
        {%- do exceptions.raise_compiler_error(
            this.identifier ~ ': the persons holding a `different` pair have ' ~ membership_count
            ~ ' link ends, more than identity_cannot_link_max_memberships (' ~ max_memberships
            ~ '). Look for a runaway person, or raise the var (e.g. --vars '
            ~ '"{identity_cannot_link_max_memberships: ' ~ (membership_count * 2) ~ '}").'
        ) -%}
    {%- endif -%}
    {%- set members_of = {} -%}
    {%- for row in run_query('select units.unit_number, links.member_key from '
        ~ links_relation ~ ' as links inner join ' ~ units_relation ~ ' as units'
        ~ ' on links.unit_key = units.unit_key'
        ~ ' order by units.unit_number, links.member_key').rows -%}
        {%- set unit_number = row[0] | int -%}
        {%- if unit_number not in members_of -%}
            {%- do members_of.update({unit_number: []}) -%}
        {%- endif -%}
        {%- do members_of[unit_number].append(row[1]) -%}
    {%- endfor -%}
    {%- set constraints_of = {} -%}
    {%- for row in run_query('select constraint_number, cluster_key, record_key_l, record_key_r'
        ~ ' from ' ~ constraints_relation ~ ' order by constraint_number').rows -%}
        {%- if row[1] not in constraints_of -%}
            {%- do constraints_of.update({row[1]: []}) -%}
        {%- endif -%}
        {%- do constraints_of[row[1]].append([row[0] | int, row[2], row[3]]) -%}
    {%- endfor -%}
    {#- component: record -> its component's label; component_members: label -> records. -#}
    {%- set component = {} -%}
    {%- set component_members = {} -%}
    {%- set cuts = [] -%}
    {%- for unit in run_query('select unit_number, cluster_key from ' ~ units_relation
        ~ ' order by unit_number').rows -%}
        {%- set unit_number = unit[0] | int -%}
        {%- set labels = [] -%}
        {%- for record in members_of.get(unit_number, []) -%}
            {%- set label = component.get(record, record) -%}
            {%- if label not in labels -%}
                {%- do labels.append(label) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if labels | length > 1 -%}
            {%- set check = namespace(violated=none) -%}
            {%- for constraint in constraints_of.get(unit[1], []) -%}
                {%- if check.violated is none -%}
                    {%- set label_l = component.get(constraint[1], constraint[1]) -%}
                    {%- set label_r = component.get(constraint[2], constraint[2]) -%}
                    {%- if label_l != label_r and label_l in labels and label_r in labels -%}
                        {%- set check.violated = constraint[0] -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if check.violated is not none -%}
                {%- do cuts.append([unit_number, check.violated]) -%}
            {%- else -%}
                {#- Merge the smaller components into the largest (O(n log n) relabels). -#}
                {%- set largest = namespace(label=labels[0], size=0) -%}
                {%- for label in labels -%}
                    {%- set size = component_members.get(label, [label]) | length -%}
                    {%- if size > largest.size -%}
                        {%- set largest.label = label -%}
                        {%- set largest.size = size -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- set merged = component_members.get(largest.label, [largest.label]) -%}
                {%- for label in labels if label != largest.label -%}
                    {%- for record in component_members.get(label, [label]) -%}
                        {%- do component.update({record: largest.label}) -%}
                        {%- do merged.append(record) -%}
                    {%- endfor -%}
                    {%- do component_members.pop(label, none) -%}
                {%- endfor -%}
                {%- do component_members.update({largest.label: merged}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(cuts) }}
{%- endmacro %}
