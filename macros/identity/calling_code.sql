{#- The international calling code (digits, no +) of an ISO-2 country code expression; NULL
    for a country not listed. Covers the generator's countries and the rest of Western Europe
    plus North America. -#}
{% macro calling_code(country_column) -%}
    {%- set codes = {
        'FR': '33', 'BE': '32', 'CH': '41', 'LU': '352', 'DE': '49', 'ES': '34', 'IT': '39',
        'GB': '44', 'NL': '31', 'PT': '351', 'AT': '43', 'IE': '353', 'MC': '377', 'DK': '45',
        'SE': '46', 'NO': '47', 'FI': '358', 'PL': '48', 'US': '1', 'CA': '1',
    } -%}
    case {{ country_column }}
        {%- for country, code in codes.items() | sort %}
        when '{{ country }}' then '{{ code }}'
        {%- endfor %}
    end
{%- endmacro %}
