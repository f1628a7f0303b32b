{#- A phone as dialled from abroad: the calling code then the national number, digits only;
    NULL when the text has letters, or is a national form and `country` (a relation alias of
    seed `identity_phone_countries`, joined on the record's country) is unknown.
    International forms (`+39 06…`, `0039 06…`) keep their code; a `(0)` typed after it stays
    as `(0)` for `normalise_phone` to keep (Italy) or drop (France) by that code's rules.
    National forms lose the country's trunk prefix (0 in France, 1 in the US; none in Spain or
    Italy, whose leading 0 is part of the number) when enough digits remain, then take the
    country's calling code. -#}
{% macro dial_phone(column, country) -%}
    {%- set raw = 'trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    {#- `z` marks a typed "(0)": letters make the phone NULL before it is read. -#}
    {%- set international = regexp_replace_all(
        "replace(" ~ raw ~ ", '(0)', 'z')", '[^0-9z]', ''
    ) -%}
    {%- set digits = regexp_replace_all(raw, '[^0-9]', '') -%}
    {%- set prefix = country ~ '.national_prefix' -%}
    case
        when {{ matches_regexp(raw, '[a-zA-Z]') }} then null
        when {{ raw }} like '+%' then replace({{ international }}, 'z', '(0)')
        when {{ international }} like '00%'
            then replace(substr({{ international }}, 3), 'z', '(0)')
        when substr({{ digits }}, 1, length({{ prefix }})) = {{ prefix }}
            and length({{ digits }}) - length({{ prefix }})
            >= {{ country }}.national_number_min_length
            then {{ dbt.concat([
                country ~ '.calling_code',
                'substr(' ~ digits ~ ', length(' ~ prefix ~ ') + 1)',
            ]) }}
        else {{ dbt.concat([country ~ '.calling_code', digits]) }}
    end
{%- endmacro %}
