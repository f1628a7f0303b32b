{#- American Soundex of a normalised name (lower-case letters; anything else is dropped): the
    first letter, then up to three digits for the consonant sounds that follow (b f p v: 1,
    c g j k q s x z: 2, d t: 3, l: 4, m n: 5, r: 6), a sound repeated next to itself or across
    h or w counted once, vowels separating repeats; `R163` for robert and rupert. NULL for a
    name without letters. Portable SQL (translate and regexp_replace_all) so DuckDB, which has no
    soundex(), and Spark, whose soundex() keeps non-letters, give the same keys. -#}
{% macro soundex(column) -%}
    {%- set letters = regexp_replace_all(column, '[^a-z]', '') -%}
    {#- h and w after the first letter neither sound nor separate. -#}
    {%- set spoken = dbt.concat([
        'substr(' ~ letters ~ ', 1, 1)',
        "replace(replace(substr(" ~ letters ~ ", 2), 'h', ''), 'w', '')",
    ]) -%}
    {%- set coded -%}
        translate({{ spoken }}, 'bfpvcgjkqsxzdtlmnraeiouy', '111122222222334556000000')
    {%- endset -%}
    {#- A run of one digit counts once. -#}
    {%- set collapsed = namespace(sql=coded) -%}
    {%- for digit in ['1', '2', '3', '4', '5', '6'] -%}
        {%- set collapsed.sql = regexp_replace_all(collapsed.sql, digit ~ '+', digit) -%}
    {%- endfor -%}
    case
        when length({{ letters }}) > 0 then {{ dbt.concat([
            'upper(substr(' ~ letters ~ ', 1, 1))',
            "rpad(substr(replace(substr(" ~ collapsed.sql ~ ", 2), '0', ''), 1, 3), 3, '0')",
        ]) }}
    end
{%- endmacro %}
