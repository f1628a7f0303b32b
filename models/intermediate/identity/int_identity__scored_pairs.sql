-- DEV STAND-IN for helper B's scored pairs: same last name and birth date, made-up probability.
with

records as (
    select * from {{ ref('int_identity__records') }}
),

pairs as (
    select
        left_records.record_key as record_key_l,
        right_records.record_key as record_key_r,
        left_records.first_name = right_records.first_name as is_same_first_name,
        left_records.email = right_records.email as is_same_email
    from records as left_records
    inner join records as right_records
        on left_records.last_name = right_records.last_name
        and left_records.date_of_birth = right_records.date_of_birth
        and left_records.record_key < right_records.record_key
),

levels as (
    select
        record_key_l,
        record_key_r,
        case when is_same_first_name then 'exact' else 'else' end as level_first_name,
        case when is_same_first_name then 4.0 else -3.0 end as weight_first_name,
        case when is_same_email then 'exact' when is_same_email is null then 'null' else 'else' end
            as level_email,
        case when is_same_email then 8.0 when is_same_email is null then 0.0 else -2.0 end
            as weight_email
    from pairs
),

final as (
    select
        {{ dbt.concat(['record_key_l', "'|'", 'record_key_r']) }} as pair_key,
        record_key_l,
        record_key_r,
        7.0 + weight_first_name + weight_email as match_weight,
        1.0 / (1.0 + power(2.0, -(7.0 + weight_first_name + weight_email))) as match_probability,
        'last_name and date_of_birth' as blocking_rule,
        level_first_name,
        weight_first_name,
        'exact' as level_last_name,
        3.0 as weight_last_name,
        'exact' as level_date_of_birth,
        4.0 as weight_date_of_birth,
        level_email,
        weight_email,
        'null' as level_phone,
        0.0 as weight_phone,
        'null' as level_address,
        0.0 as weight_address
    from levels
)

select * from final
