{#- A phone in E.164 (`+33612345678`) from `dial_phone`'s digits, NULL when it cannot be one.
    `calling_codes`: the aliases of three joins of the per-calling-code rules on the first 1,
    2 and 3 digits of `dialled` (calling codes are 1 to 3 digits and none begins another, so
    at most one matches). A `(0)` after the code is kept where a leading 0 belongs to the
    number (Italy, San Marino, Vatican) and dropped elsewhere; the national number must have a
    length the code allows. Placeholders such as 0600000000 stay well-formed here so the
    blocklist can catch and log them.

    Why joins: the rules come from seed `identity_phone_countries` (libphonenumber's metadata
    for 245 regions), read as a table at run time. That is plain portable SQL, the same on
    DuckDB and Spark, and compiles without a warehouse; a CASE generated from the seed with
    `run_query` would need the seed loaded before any compile, lint or unit test. -#}
{% macro normalise_phone(dialled, calling_codes) -%}
    {%- set rules = {} -%}
    {%- for column in [
        'calling_code', 'is_leading_zero_significant',
        'national_number_min_length', 'national_number_max_length',
    ] -%}
        {%- set columns = [] -%}
        {%- for alias in calling_codes -%}
            {%- do columns.append(alias ~ '.' ~ column) -%}
        {%- endfor -%}
        {%- do rules.update({column: 'coalesce(' ~ columns | join(', ') ~ ')'}) -%}
    {%- endfor -%}
    {%- set digits -%}
        replace(
            {{ dialled }},
            '(0)',
            case when {{ rules.is_leading_zero_significant }} then '0' else '' end
        )
    {%- endset -%}
    {%- set national = 'substr(' ~ digits ~ ', length(' ~ rules.calling_code ~ ') + 1)' -%}
    case
        when {{ matches_regexp(national, '^[0-9]+$') }}
            and length({{ national }}) between {{ rules.national_number_min_length }}
            and {{ rules.national_number_max_length }}
            then {{ dbt.concat(["'+'", digits]) }}
    end
{%- endmacro %}
