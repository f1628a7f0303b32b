"""The dbt project keeps its promises: sources match the raw contract, PII is tagged, models are
described, and SQL outside dispatched macros stays portable to Spark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cdp.raw_schema import RAW_TABLES

from .conftest import LOW_VOLUME_STREAMS, Warehouse

PII_COLUMN_NAMES = {
    "first_name", "last_name", "email", "phone", "street_address", "postcode", "birth_date",
    "loyalty_card_number", "receipt_email", "requester_email", "requester_phone",
    "requester_name", "customer_email", "reviewer_email", "cookie_id", "device_id",
}  # fmt: skip
# The same data under the names identity resolution and the marts give it.
PII_COLUMN_PATTERN = re.compile(
    r"^(emails?|phone|first_name|last_name|full_name|street_address|postcode|date_of_birth"
    r"|birth_date|loyalty_card_number|identifier_value|attribute_value|candidate_value"
    r"|candidate_value_normalised|email_local_part)(_canonical|_l|_r)?$"
)


def _is_pii_name(name: str) -> bool:
    return name in PII_COLUMN_NAMES or PII_COLUMN_PATTERN.match(name) is not None


def _yaml_files(project: Path, pattern: str) -> list[dict]:
    return [yaml.safe_load(path.read_text()) for path in sorted(project.glob(pattern))]


def _sources(project: Path) -> dict[str, dict]:
    tables = {}
    for document in _yaml_files(project, "models/staging/*/_*__sources.yml"):
        for source in document["sources"]:
            for table in source["tables"]:
                tables[f"{source['schema']}.{table['name']}"] = {**table, "_source": source}
    return tables


def _is_pii(column: dict) -> bool:
    config = column.get("config", {})
    return config.get("meta", {}).get("pii") is True and "pii" in config.get("tags", [])


def test_sources_declare_every_raw_table_and_column(project: Path) -> None:
    sources = _sources(project)
    assert set(sources) == {table.qualified_name for table in RAW_TABLES}
    for table in RAW_TABLES:
        declared = [column["name"] for column in sources[table.qualified_name]["columns"]]
        assert declared == [name for name, _ in table.all_columns], table.qualified_name


def test_sources_are_described_and_checked_for_freshness(project: Path) -> None:
    for name, table in _sources(project).items():
        source_config = table["_source"].get("config", {})
        config = {**source_config, **table.get("config", {})}
        assert config.get("loaded_at_field") == "_airbyte_extracted_at", name
        freshness = config.get("freshness", {})
        assert freshness.get("warn_after", {}).get("count"), name
        error_after = freshness.get("error_after", {})
        expected = {"count": 14, "period": "day"} if name in LOW_VOLUME_STREAMS else {
            "count": 50, "period": "hour"}  # fmt: skip
        assert error_after == expected, name
        assert table.get("description"), name
        assert all(column.get("description") for column in table["columns"]), name


def test_personal_data_is_tagged_in_sources_and_models(project: Path) -> None:
    documents = _yaml_files(project, "models/**/_*.yml")
    columns = [
        (table["name"], column)
        for document in documents
        for source in document.get("sources", [])
        for table in source["tables"]
        for column in table["columns"]
    ] + [
        (model["name"], column)
        for document in documents
        for model in document.get("models", [])
        for column in model.get("columns", [])
    ]
    checked = [(owner, column["name"]) for owner, column in columns if _is_pii_name(column["name"])]
    assert len(checked) > 30
    untagged = [
        (owner, column["name"])
        for owner, column in columns
        if _is_pii_name(column["name"]) and not _is_pii(column)
    ]
    assert untagged == []


def test_every_model_and_staging_column_is_described(project: Path) -> None:
    sql_models = {path.stem for path in project.glob("models/**/*.sql")}
    described = {}
    for document in _yaml_files(project, "models/**/_*.yml"):
        for model in document.get("models", []):
            described[model["name"]] = model
    assert sql_models == set(described)
    for name, model in described.items():
        assert model.get("description"), name
        if name.startswith("stg_"):
            assert model.get("columns"), name
            assert all(column.get("description") for column in model["columns"]), name


# DuckDB-only syntax that breaks on Spark (see shared PORTABILITY notes), checked in the SQL we
# write, outside `duckdb__` macros.
NON_PORTABLE = {
    "`::` cast": re.compile(r"::"),
    "qualify": re.compile(r"\bqualify\b", re.IGNORECASE),
    "select * exclude/replace": re.compile(r"\*\s*(exclude|replace)\b", re.IGNORECASE),
    "varchar without length": re.compile(r"\bvarchar\b", re.IGNORECASE),
    "strftime/strptime": re.compile(r"\bstr[fp]time\b", re.IGNORECASE),
    "list/json function": re.compile(r"\b(list_\w+|json_extract\w*)\(", re.IGNORECASE),
    "regexp_replace (dispatch it)": re.compile(r"\bregexp_replace\b", re.IGNORECASE),
}
# NULLs sort last on DuckDB and first on Spark: every window order must say which. Checked in
# the compiled SQL, where orders built by macros are spelled out.
WINDOW_ORDER = re.compile(r"\border\s+by\b(?P<terms>[^()]*(\([^()]*\)[^()]*)*)\)", re.IGNORECASE)


def _unsorted_window_terms(sql: str) -> list[str]:
    """The window `order by` terms that do not say where NULLs go."""
    missing = []
    for match in WINDOW_ORDER.finditer(sql):
        for term in match.group("terms").split(","):
            if term.strip() and not re.search(r"nulls\s+(first|last)", term, re.IGNORECASE):
                missing.append(term.strip())
    return missing


def _portable_sql_files(project: Path) -> list[Path]:
    return sorted(project.glob("models/**/*.sql")) + sorted(project.glob("macros/**/*.sql"))


def _without_engine_specific_macros(text: str) -> str:
    """Drop `duckdb__`/`spark__` macro bodies: they exist to hold engine-specific SQL."""
    return re.sub(
        r"{%-?\s*macro\s+(duckdb|spark|databricks)__.*?{%-?\s*endmacro\s*-?%}",
        "",
        text,
        flags=re.DOTALL,
    )


@pytest.mark.parametrize("rule", sorted(NON_PORTABLE))
def test_sql_outside_dispatched_macros_is_portable(project: Path, rule: str) -> None:
    offenders = [
        str(path.relative_to(project))
        for path in _portable_sql_files(project)
        if NON_PORTABLE[rule].search(_without_engine_specific_macros(path.read_text()))
    ]
    assert offenders == [], f"{rule} in {offenders}"


def test_every_window_order_places_nulls(warehouse: Warehouse, project: Path) -> None:
    compiled = sorted((project / "target" / "compiled" / "cdp" / "models").glob("**/*.sql"))
    assert len(compiled) >= 40, "dbt build should have compiled every model"
    offenders = {
        str(path.relative_to(project)): terms
        for path in compiled
        if (terms := _unsorted_window_terms(path.read_text()))
    }
    assert offenders == {}


def test_portability_checks_catch_duckdb_only_sql() -> None:
    sample = "select contact_id::varchar from contacts qualify row_number() over (order by x) = 1"
    caught = {rule for rule, pattern in NON_PORTABLE.items() if pattern.search(sample)}
    assert {"`::` cast", "qualify", "varchar without length"} <= caught
    assert _unsorted_window_terms(sample) == ["x"]
    assert _unsorted_window_terms(
        "row_number() over (partition by a order by cast(b as date) desc nulls last, c)"
    ) == ["c"]
    assert _unsorted_window_terms("over (order by b desc nulls last, c asc nulls first)") == []


MACRO_DEFINITION = re.compile(r"{%-?\s*macro\s+(\w+)\s*\(")
DISPATCHED_IMPLEMENTATION = re.compile(r"^(default|duckdb|spark|databricks)__")


def _argument_names(text: str, start: int) -> list[str]:
    """Names in a macro signature from just after its `(`: top-level commas split arguments,
    whose defaults may hold calls such as var('x', false)."""
    depth, part, parts = 0, "", []
    for char in text[start:]:
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        if char == "," and depth == 0:
            parts.append(part)
            part = ""
        else:
            part += char
    parts.append(part)
    return [chunk.split("=")[0].strip() for chunk in parts if chunk.strip()]


def test_every_macro_and_argument_is_described(project: Path) -> None:
    """dbt-bouncer cannot tell `duckdb__x` from a macro, so this rule lives here: every macro
    but dispatched implementations is described, with each of its arguments."""
    documented = {
        macro["name"]: macro
        for document in _yaml_files(project, "macros/**/*.yml")
        for macro in document.get("macros", [])
    }
    problems = []
    for path in sorted(project.glob("macros/**/*.sql")):
        text = path.read_text()
        for match in MACRO_DEFINITION.finditer(text):
            name, arguments = match.group(1), _argument_names(text, match.end())
            if DISPATCHED_IMPLEMENTATION.match(name) or name.startswith("test_"):
                continue
            entry = documented.get(name)
            if entry is None or not str(entry.get("description", "")).strip():
                problems.append(f"{name}: no description")
                continue
            described = {
                argument["name"]
                for argument in entry.get("arguments", [])
                if str(argument.get("description", "")).strip()
            }
            problems += [f"{name}({argument}): not described" for argument in arguments
                         if argument not in described]  # fmt: skip
    assert not problems, problems


def test_list_vars_hold_only_strings(project: Path) -> None:
    """YAML reads a bare `null`, `yes` or `off` as a non-string: dbt would then compare names
    with 'None' or 'True' instead of the word written."""
    variables = yaml.safe_load((project / "dbt_project.yml").read_text())["vars"]
    for name in ("identity_junk_name_values", "identity_household_email_prefixes"):
        values = variables[name]
        assert values and all(isinstance(value, str) for value in values), (name, values)
