{#- The marketing segment of an RFM recency and frequency score (1-5 each), on the usual RF
    grid; NULL when either score is NULL (no orders). -#}
{% macro rfm_segment(recency_score, frequency_score) -%}
    case
        when {{ recency_score }} is null or {{ frequency_score }} is null then null
        when {{ recency_score }} = 5 and {{ frequency_score }} >= 4 then 'champions'
        when {{ recency_score }} >= 3 and {{ frequency_score }} >= 4 then 'loyal_customers'
        when {{ recency_score }} >= 4 and {{ frequency_score }} >= 2 then 'potential_loyalists'
        when {{ recency_score }} = 5 then 'new_customers'
        when {{ recency_score }} = 4 then 'promising'
        when {{ recency_score }} = 3 and {{ frequency_score }} = 3 then 'need_attention'
        when {{ recency_score }} = 3 then 'about_to_sleep'
        when {{ frequency_score }} = 5 then 'cannot_lose_them'
        when {{ frequency_score }} >= 3 then 'at_risk'
        else 'hibernating'
    end
{%- endmacro %}
