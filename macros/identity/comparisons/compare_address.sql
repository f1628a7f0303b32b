{#- Address comparison level: same postcode and street, same postcode, same city, else;
    `null` when a side has neither postcode nor city. -#}
{% macro compare_address(left='l', right='r') -%}
    case
        when ({{ left }}.postcode is null and {{ left }}.city is null)
            or ({{ right }}.postcode is null and {{ right }}.city is null) then 'null'
        when {{ left }}.postcode = {{ right }}.postcode
            and {{ left }}.street_address = {{ right }}.street_address then 'street_postcode'
        when {{ left }}.postcode = {{ right }}.postcode then 'postcode'
        when {{ left }}.city = {{ right }}.city then 'city'
        else 'else'
    end
{%- endmacro %}
