{#- Name values that say nothing about who someone is (test accounts, placeholders), from var
    `identity_junk_name_values`; scoring compares them as missing. -#}
{% macro identity_junk_name_values() %}
    {{ return(var('identity_junk_name_values', [
        'test', 'tests', 'xxx', 'xx', 'x', 'aaa', 'abc', 'asdf', 'azerty', 'qwerty', 'unknown',
        'inconnu', 'inconnue', 'anonyme', 'anonymous', 'client', 'cliente', 'customer', 'none',
        'null', 'na', 'nc', 'nom', 'prenom', 'name', 'firstname', 'lastname', 'mr', 'mme',
        'madame', 'monsieur', 'demo', 'fake', 'toto', 'tata', 'titi',
    ])) }}
{% endmacro %}
