{#- The value of one query parameter (`cid` in `…?utm_source=email&cid=CRM-0000042`) of a URL
    or a bare query string, trimmed; NULL when absent or empty. split_part only (a literal
    delimiter on both engines): regular expressions differ between DuckDB and Spark. -#}
{% macro url_query_parameter(column, parameter) -%}
    nullif(trim(split_part(split_part(split_part(
        {{ dbt.concat(["'&'", "replace(" ~ column ~ ", '?', '&')"]) }},
        '&{{ parameter }}=', 2), '&', 1), '#', 1)), '')
{%- endmacro %}
