{#- A phone number in E.164 (`+33612345678`), NULL when it cannot be one.
    International forms (`+33 6 12…`, `+33 (0)6…`, `0033 6…`) keep their own country code;
    national forms (`06 12 34 56 78`, `06.12…`) take the calling code of `country_column`, else
    of var `identity_default_country`, and lose their trunk 0 (except in Italy, where the 0 is
    part of the number). Valid: 8 to 15 digits after the +. Placeholders such as 0000000000
    stay well-formed here so the blocklist can catch and log them. -#}
{% macro normalise_phone(column, country_column=none) -%}
    {%- set raw = 'trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    {#- "+33 (0)6 12…": the bracketed trunk 0 is not dialled from abroad. -#}
    {%- set cleaned = "replace(" ~ raw ~ ", '(0)', '')" -%}
    {%- set digits = regexp_replace_all(cleaned, '[^0-9]', '') -%}
    {%- set country -%}
        coalesce(
            {{ 'upper(trim(' ~ country_column ~ ')),' if country_column is not none }}
            '{{ var("identity_default_country", "FR") }}'
        )
    {%- endset -%}
    {%- set e164 -%}
        case
            when {{ matches_regexp(raw, '[a-zA-Z]') }} then null
            when {{ matches_regexp(cleaned, '^[+]') }} then {{ digits }}
            when {{ digits }} like '00%' then substr({{ digits }}, 3)
            when {{ digits }} like '0%' and {{ country }} <> 'IT'
                then {{ dbt.concat([calling_code(country), 'substr(' ~ digits ~ ', 2)']) }}
            else {{ dbt.concat([calling_code(country), digits]) }}
        end
    {%- endset -%}
    case
        when {{ matches_regexp(e164, '^[1-9][0-9]{7,14}$') }} then {{ dbt.concat(["'+'", e164]) }}
    end
{%- endmacro %}
