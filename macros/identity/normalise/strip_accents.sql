{#- Latin letters without their diacritics, by `translate` (same result on every engine, unlike
    DuckDB's `strip_accents`), plus the ligatures and ß that become two letters. Expects
    lower-case input. -#}
{% macro strip_accents(column) -%}
    case
        {#- Only text outside printable ASCII has accents: translate is slow (DuckDB). #}
        when {{ matches_regexp(column, '[^ -~]') }} then
            replace(replace(replace(replace(translate(
                {{ column }},
                'àáâãäåāăąçćčďđèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿžźż',
                'aaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz'
            ), 'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'þ', 'th')
        else {{ column }}
    end
{%- endmacro %}
