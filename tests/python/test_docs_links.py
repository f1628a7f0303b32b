"""The README stays a front page, and every relative link in it and in docs/ resolves."""

from __future__ import annotations

import re
from pathlib import Path

README_MAX_LINES = 150

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
# [text](target "title"), the text possibly holding one level of brackets; images too.
INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto: …


def _pages(project: Path) -> list[Path]:
    return [project / "README.md", *sorted((project / "docs").rglob("*.md"))]


def _prose(text: str) -> str:
    """The text without code blocks and code spans: links there are examples, not links."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def links(text: str) -> list[str]:
    """Every link target in a Markdown text, inline (`[a](b)`) or by reference (`[a]: b`)."""
    prose = _prose(text)
    return INLINE_LINK.findall(prose) + REFERENCE_LINK.findall(prose)


def anchors(text: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation out, spaces to hyphens, -1 on repeats."""
    seen: dict[str, int] = {}
    result = set()
    for heading in HEADING.findall(FENCE.sub("", text)):
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
        slug = re.sub(r"[^\w\- ]", "", plain.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


def broken_links(page: Path, project: Path) -> list[str]:
    """The links of a page that do not resolve, each with why."""
    problems = []
    for target in links(page.read_text(encoding="utf-8")):
        if EXTERNAL.match(target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page.resolve()
        try:
            relative = resolved.relative_to(project.resolve()).as_posix()
        except ValueError:
            problems.append(f"{target}: outside the repository")
            continue
        if not resolved.exists():
            problems.append(f"{target}: no file or folder {relative}")
        elif (
            anchor
            and resolved.suffix == ".md"
            and resolved.is_file()
            and anchor.lower() not in anchors(resolved.read_text(encoding="utf-8"))
        ):
            problems.append(f"{target}: no heading #{anchor} in {relative}")
    return problems


def test_readme_is_a_front_page(project: Path) -> None:
    lines = (project / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines (at most {README_MAX_LINES}): move the detail to a "
        "page of docs/ and link it from the README."
    )


def test_docs_folder_has_the_pages_the_readme_promises(project: Path) -> None:
    expected = {
        "architecture.md",
        "identity_resolution.md",
        "evaluation_and_benchmarks.md",
        "generator.md",
        "spark.md",
        "ci.md",
    }
    assert expected <= {page.name for page in (project / "docs").glob("*.md")}


def test_every_relative_link_resolves(project: Path) -> None:
    problems = [
        f"{page.relative_to(project)}: {problem}"
        for page in _pages(project)
        for problem in broken_links(page, project)
    ]
    assert not problems, "\n".join(problems)


def test_the_link_checker_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A page\n\n## The `cdp` CLI: flags\n")
    (tmp_path / "README.md").write_text(
        "[ok](docs/a.md) [anchor](docs/a.md#the-cdp-cli-flags) [web](https://example.org)\n"
        "[missing](docs/b.md) [bad anchor](docs/a.md#nowhere) `[in code](docs/c.md)`\n"
        "```\n[in a block](docs/d.md)\n```\n[ref]: docs/e.md\n"
    )
    problems = broken_links(tmp_path / "README.md", tmp_path)
    assert [problem.split(":")[0] for problem in problems] == [
        "docs/b.md",
        "docs/a.md#nowhere",
        "docs/e.md",
    ]
