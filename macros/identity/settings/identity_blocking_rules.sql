{#- The blocking rules: var `identity_blocking_rules` (a list of {name, keys}), defined once,
    in dbt_project.yml (override it with --vars), checked so a malformed rule fails at compile
    time. Each rule is returned with its `order` (1-based) and `conditions`: the comparisons whose columns its
    keys use (pairs of its blocks agree there by construction, so those comparisons say
    nothing within the block); a rule may list them itself. -#}
{% macro identity_blocking_rules() %}
    {%- set rules = var('identity_blocking_rules') -%}
    {%- set columns_of = {
        'first_name': ['first_name'], 'last_name': ['last_name'],
        'date_of_birth': ['date_of_birth'], 'email': ['email'], 'phone': ['phone'],
        'address': ['postcode', 'city', 'street_address'],
    } -%}
    {%- set names = [] -%}
    {%- set checked = [] -%}
    {%- for rule in rules -%}
        {%- if rule.get('name') is none or not rule.get('keys') -%}
            {{ exceptions.raise_compiler_error(
                'identity_blocking_rules: every rule needs a name and a non-empty list of keys,'
                ~ ' got ' ~ rule) }}
        {%- endif -%}
        {%- if rule['name'] in names -%}
            {{ exceptions.raise_compiler_error(
                'identity_blocking_rules: rule name ' ~ rule['name'] ~ ' is used twice') }}
        {%- endif -%}
        {%- if not modules.re.match('^[a-z][a-z0-9_]*$', rule['name']) -%}
            {{ exceptions.raise_compiler_error(
                'identity_blocking_rules: rule name ' ~ rule['name']
                ~ ' must be lower-case letters, digits and underscores') }}
        {%- endif -%}
        {%- do names.append(rule['name']) -%}
        {%- set conditions = rule.get('conditions') -%}
        {%- if conditions is none -%}
            {%- set conditions = [] -%}
            {%- for comparison, columns in columns_of.items() -%}
                {%- for key in rule['keys'] -%}
                    {%- for column in columns -%}
                        {%- if column in key and comparison not in conditions -%}
                            {%- do conditions.append(comparison) -%}
                        {%- endif -%}
                    {%- endfor -%}
                {%- endfor -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do checked.append({'name': rule['name'], 'keys': rule['keys'], 'order': loop.index,
            'conditions': conditions}) -%}
    {%- endfor -%}
    {{ return(checked) }}
{% endmacro %}
