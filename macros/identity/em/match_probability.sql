{#- Fellegi-Sunter match probability of a total match weight in bits (log2 of the Bayes
    factor, prior included): 1 / (1 + 2^-w). -#}
{% macro match_probability(match_weight) -%}
    1.0 / (1.0 + power(2.0, -({{ match_weight }})))
{%- endmacro %}
