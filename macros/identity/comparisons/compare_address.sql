{#- Address comparison levels, as (level, SQL condition) in the order they are tried: `null`
    when a side has neither postcode nor city, same postcode and street, same postcode, same
    city; `else` is every other pair. -#}
{% macro compare_address(left='l', right='r') -%}
    {%- set same_postcode = left ~ '.postcode = ' ~ right ~ '.postcode' -%}
    {{ return([
        ('null', '(' ~ left ~ '.postcode is null and ' ~ left ~ '.city is null)'
            ~ ' or (' ~ right ~ '.postcode is null and ' ~ right ~ '.city is null)'),
        ('street_postcode', same_postcode
            ~ ' and ' ~ left ~ '.street_address = ' ~ right ~ '.street_address'),
        ('postcode', same_postcode),
        ('city', left ~ '.city = ' ~ right ~ '.city'),
    ]) }}
{%- endmacro %}
