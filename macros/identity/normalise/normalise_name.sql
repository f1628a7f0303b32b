{#- A person's name as compared by identity resolution: lower-case ASCII letters only, accents
    stripped (É → e, ø → o, ß → ss, ç → c), hyphens and other punctuation as one space
    (Jean-Marc = Jean Marc), apostrophes dropped, empty → NULL. -#}
{% macro normalise_name(column) -%}
    {{ normalise_text(column, keep_digits=false) }}
{%- endmacro %}
