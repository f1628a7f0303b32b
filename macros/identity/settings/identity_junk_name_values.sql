{#- Name values that say nothing about who someone is (test accounts, placeholders), from var
    `identity_junk_name_values`; scoring compares them as missing. -#}
{% macro identity_junk_name_values() %}
    {{ return(var('identity_junk_name_values')) }}
{% endmacro %}
