{#- The staging base models, each with the raw table it reads: [{'model', 'source_table'}].
    The names are listed here, not discovered, because dbt must see every ref() at parse time;
    at execution the list is checked against the graph so a new base model cannot be forgotten
    by the quarantine and the reconciliation. -#}
{% macro base_models_with_sources() %}
    {%- set models = [
        'base_ads__exposures',
        'base_billing__unpaid_invoices',
        'base_crm__contacts',
        'base_esp__campaigns',
        'base_esp__message_events',
        'base_esp__sends',
        'base_pos__stores',
        'base_pos__transaction_lines',
        'base_pos__transactions',
        'base_shop__abandoned_checkouts',
        'base_shop__customers',
        'base_shop__order_lines',
        'base_shop__orders',
        'base_shop__products',
        'base_shop__refunds',
        'base_shop__reviews',
        'base_support__tickets',
        'base_web__consent_choices',
        'base_web__events',
        'base_web__identifies',
    ] -%}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- set in_graph = [] -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.name.startswith('base_') -%}
            {%- do in_graph.append(node.name) -%}
        {%- endfor -%}
        {%- if in_graph | sort != models | sort -%}
            {{ exceptions.raise_compiler_error(
                "base_models_with_sources() lists " ~ (models | sort) ~ " but the project has "
                ~ (in_graph | sort) ~ ": update the list in macros/audit/base_models_with_sources.sql"
            ) }}
        {%- endif -%}
    {%- endif -%}
    {%- for model in models -%}
        {%- set source_table = {'name': ''} -%}
        {%- if execute -%}
            {%- set node = graph.nodes.values() | selectattr('name', 'equalto', model) | first -%}
            {%- for parent in node.depends_on.nodes if parent.startswith('source.') -%}
                {%- do source_table.update(
                    {'name': graph.sources[parent].schema ~ '.' ~ graph.sources[parent].identifier}
                ) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do found.append({'model': model, 'source_table': source_table.name}) -%}
    {%- endfor -%}
    {{ return(found) }}
{% endmacro %}
