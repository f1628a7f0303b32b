{#- An amount in the reporting currency (var `customer_360_reporting_currency`), by the rates
    of var `customer_360_exchange_rates`; NULL for a currency without a rate. -#}
{% macro to_reporting_currency(amount, currency) -%}
    {%- set rates = var('customer_360_exchange_rates') -%}
    cast(
        ({{ amount }}) * case {{ currency }}
        {%- for code, rate in rates.items() | sort %}
            when '{{ code | upper }}' then {{ rate }}
        {%- endfor %}
        end
        as decimal(18, 2)
    )
{%- endmacro %}
