{#- Free text (street, city, name) reduced to what identifies it: lower-case ASCII letters (and
    digits when `keep_digits`), apostrophes dropped (O'Brien = OBrien), any run of other
    characters (punctuation, spaces) made one space, trimmed; empty → NULL. chr(39) is the
    apostrophe: quotes inside SQL literals escape differently on Spark. -#}
{% macro normalise_text(column, keep_digits=true) -%}
    {%- set kept = 'a-z0-9' if keep_digits else 'a-z' -%}
    {%- set lowered = 'lower(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    {%- set unquoted = "replace(replace(replace(" ~ strip_accents(lowered)
        ~ ", chr(39), ''), '’', ''), '`', '')" -%}
    nullif(trim({{ regexp_replace_all(unquoted, '[^' ~ kept ~ ']+', ' ') }}), '')
{%- endmacro %}
