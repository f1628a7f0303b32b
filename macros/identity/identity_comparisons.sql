{#- The comparisons of probabilistic scoring, one place so every model agrees: their levels
    from most to least similar (the `null` level, a side without a value, is implicit and
    weighs 0), EM starting m values, which term frequency adjusts which agreeing level (`tf`:
    level -> term type), and when a record has a value to compare (`present`, SQL over
    scoring-record columns).
    `not_compared_when`: levels that say nothing about a pair when another comparison is at
    given levels, because among strangers the two agree together (Fellegi-Sunter takes the
    comparisons as independent): relatives at one street address share a surname, and
    namesakes' email addresses are made of the same name. Such a pair gets the `null` level
    for this comparison (weight 0), in training as in scoring. -#}
{% macro identity_comparisons() %}
    {{ return([
        {'name': 'first_name',
         'levels': ['exact', 'jaro_winkler_high', 'jaro_winkler_low', 'initial', 'else'],
         'm_start': [0.85, 0.05, 0.03, 0.02, 0.05],
         'tf': {'exact': 'first_name'},
         'present': 'first_name is not null'},
        {'name': 'last_name',
         'levels': ['exact', 'swapped', 'jaro_winkler_high', 'jaro_winkler_low', 'else'],
         'm_start': [0.85, 0.02, 0.05, 0.03, 0.05],
         'tf': {'exact': 'last_name'},
         'present': 'last_name is not null',
         'not_compared_when': [
             {'levels': ['exact'], 'when': {'address': ['street_postcode']}}]},
        {'name': 'date_of_birth',
         'levels': ['exact', 'transposed', 'within_days', 'same_year', 'else'],
         'm_start': [0.9, 0.02, 0.03, 0.02, 0.03],
         'tf': {},
         'present': 'date_of_birth is not null'},
        {'name': 'email',
         'levels': ['exact', 'local_part', 'jaro_winkler_local_part', 'else'],
         'm_start': [0.7, 0.1, 0.05, 0.15],
         'tf': {'local_part': 'email_local_part'},
         'present': 'email is not null'},
        {'name': 'phone',
         'levels': ['exact', 'last_8_digits', 'one_edit', 'else'],
         'm_start': [0.8, 0.05, 0.03, 0.12],
         'tf': {},
         'present': 'phone is not null'},
        {'name': 'address',
         'levels': ['street_postcode', 'postcode', 'city', 'else'],
         'm_start': [0.7, 0.1, 0.05, 0.15],
         'tf': {'street_postcode': 'address', 'postcode': 'postcode', 'city': 'city'},
         'present': 'coalesce(postcode, city) is not null'},
    ]) }}
{% endmacro %}
