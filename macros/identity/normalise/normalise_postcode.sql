{#- A postcode as compared by identity resolution: upper-case letters and digits only; a
    country prefix before an all-digit code dropped (L-1111 → 1111, CH-1201 → 1201, F-75001);
    five-digit countries (FR, DE, ES, IT) get back a leading 0 lost by a spreadsheet
    (8001 → 08001); British codes keep their one space before the inward part (SW1A 1AA);
    empty → NULL. -#}
{% macro normalise_postcode(column, country_column=none) -%}
    {%- set alnum = regexp_replace_all(
        'upper(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))', '[^A-Z0-9]', ''
    ) -%}
    {%- set numeric = regexp_replace_all(alnum, '^[A-Z]{1,2}', '') -%}
    {%- set country -%}
        coalesce(
            {{ 'upper(trim(' ~ country_column ~ ')),' if country_column is not none }}
            '{{ var("identity_default_country") }}'
        )
    {%- endset -%}
    nullif(case
        when {{ country }} = 'GB' and length({{ alnum }}) > 3
            then {{ dbt.concat([
                'substr(' ~ alnum ~ ', 1, length(' ~ alnum ~ ') - 3)',
                "' '",
                'substr(' ~ alnum ~ ', length(' ~ alnum ~ ') - 2)',
            ]) }}
        when {{ matches_regexp(numeric, '^[0-9]+$') }}
            and {{ country }} in ('FR', 'DE', 'ES', 'IT') and length({{ numeric }}) = 4
            then {{ dbt.concat(["'0'", numeric]) }}
        when {{ matches_regexp(numeric, '^[0-9]+$') }} then {{ numeric }}
        else {{ alnum }}
    end, '')
{%- endmacro %}
