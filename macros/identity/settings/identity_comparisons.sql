{#- The comparisons of probabilistic scoring, one place so every model agrees: their levels
    from most to least similar (the `null` level, a side without a value, is implicit and
    weighs 0), EM starting m values (`m_start`: the share of true matches at each level, also
    the prior EM is smoothed towards), `u_prior` (the share of two strangers' records at each
    level, used where random pairs are too few to measure it: see
    int_identity__u_from_random_pairs),
    `max_weight` (levels whose weight may not exceed this many bits, whatever EM learns: a
    different birth date is strong evidence against, even where EM finds many namesakes),
    `side_levels` (kinds of agreement rather than degrees of it: bounded by the first level
    only, see macro ordered_level_weight),
    `linked_before_scoring` (levels only pairs sharing an identifier reach: such pairs are
    linked deterministically, so a scored pair never is at them and m is taken over the other
    levels when scoring), which term frequency adjusts which agreeing level (`tf`:
    level -> term type), and when a record has a value to compare (`present`, SQL over
    scoring-record columns).
    `not_compared_when`: levels that say nothing about a pair when another comparison is at
    given levels, because among strangers the two agree together (Fellegi-Sunter takes the
    comparisons as independent): relatives at one street address share a surname, and
    namesakes' email addresses are made of the same name (a local part alike but not the same;
    the same local part at another provider is learnt per rule, as the email_local_part rule
    finds mostly namesakes that way). Such a pair gets the `null` level
    for this comparison (weight 0), in training as in scoring. -#}
{% macro identity_comparisons() %}
    {{ return([
        {'name': 'first_name',
         'levels': ['exact', 'jaro_winkler_high', 'jaro_winkler_low', 'initial', 'else'],
         'm_start': [0.85, 0.05, 0.03, 0.02, 0.05],
         'u_prior': [0.01, 0.005, 0.03, 0.05, 0.905],
         'tf': {'exact': 'first_name'},
         'not_compared_when': [
             {'levels': ['exact'],
              'when': {'last_name': ['exact'], 'address': ['street_postcode']}}],
         'present': 'first_name is not null'},
        {'name': 'last_name',
         'levels': ['exact', 'swapped', 'jaro_winkler_high', 'jaro_winkler_low', 'else'],
         'side_levels': ['swapped'],
         'm_start': [0.85, 0.02, 0.05, 0.03, 0.05],
         'u_prior': [0.005, 0.0001, 0.003, 0.02, 0.9719],
         'tf': {'exact': 'last_name'},
         'present': 'last_name is not null',
         'not_compared_when': [
             {'levels': ['exact'], 'when': {'address': ['street_postcode']}}]},
        {'name': 'date_of_birth',
         'levels': ['exact', 'transposed', 'one_edit', 'within_days', 'same_year', 'else'],
         'side_levels': ['transposed'],
         'm_start': [0.88, 0.02, 0.03, 0.03, 0.02, 0.02],
         'u_prior': [0.00005, 0.00002, 0.003, 0.0012, 0.015, 0.98073],
         'max_weight': {'else': -3.0},
         'tf': {},
         'present': 'date_of_birth is not null'},
        {'name': 'email',
         'levels': ['exact', 'local_part', 'jaro_winkler_local_part', 'else'],
         'm_start': [0.7, 0.1, 0.05, 0.15],
         'u_prior': [0.00001, 0.0001, 0.001, 0.99889],
         'linked_before_scoring': ['exact'],
         'tf': {'local_part': 'email_local_part'},
         'not_compared_when': [
             {'levels': ['jaro_winkler_local_part'],
              'when': {'first_name': ['exact'], 'last_name': ['exact']}}],
         'present': 'email is not null'},
        {'name': 'phone',
         'levels': ['exact', 'last_8_digits', 'one_edit', 'else'],
         'm_start': [0.8, 0.05, 0.03, 0.12],
         'u_prior': [0.00001, 0.00001, 0.0001, 0.99988],
         'linked_before_scoring': ['exact'],
         'tf': {},
         'present': 'phone is not null'},
        {'name': 'address',
         'levels': ['street_postcode', 'postcode', 'city', 'else'],
         'm_start': [0.7, 0.1, 0.05, 0.15],
         'u_prior': [0.0005, 0.01, 0.05, 0.9395],
         'tf': {'street_postcode': 'address', 'postcode': 'postcode', 'city': 'city'},
         'present': 'coalesce(postcode, city) is not null'},
    ]) }}
{% endmacro %}
