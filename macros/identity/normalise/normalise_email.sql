{#- An email as compared by identity resolution: trimmed, lower-case, NULL unless it looks like
    local@domain.tld (one @, no spaces, a dotted domain). Letters outside ASCII are kept, in the
    local part and the domain (internationalised addresses, RFC 6531: `zoë@exämple.fr`); `[^ -~]`
    reads "outside printable ASCII" in the regex dialect of every engine. With `provider_rules`,
    Gmail addresses (gmail.com, googlemail.com) lose the dots and +tag of their local part, which
    Gmail ignores when delivering; off by default because it merges what the user typed
    differently. -#}
{% macro normalise_email(column, provider_rules=var('identity_email_provider_rules')) -%}
    {%- set email = 'lower(trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')))' -%}
    {%- set pattern = (
        "^([a-z0-9!#$%&*+/=?^_{|}~.-]|[^ -~])+"
        ~ "@([a-z0-9-]|[^ -~])+([.]([a-z0-9-]|[^ -~])+)*[.]([a-z]|[^ -~]){2,}$"
    ) -%}
    {%- if provider_rules %}
    case
        when not {{ matches_regexp(email, pattern) }} then null
        when split_part({{ email }}, '@', 2) in ('gmail.com', 'googlemail.com')
            then {{ dbt.concat([
                "replace(split_part(split_part(" ~ email ~ ", '@', 1), '+', 1), '.', '')",
                "'@gmail.com'",
            ]) }}
        else {{ email }}
    end
    {%- else %}
    case when {{ matches_regexp(email, pattern) }} then {{ email }} end
    {%- endif %}
{%- endmacro %}
