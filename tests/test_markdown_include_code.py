"""`{% include_code PATH [lang:X] [lines:A-B] %}`: a file of the code folder as a highlighted code block."""

from __future__ import annotations

from pathlib import Path

import markdown

from contenthub.markdown.include_code import IncludeCodeExtension
from contenthub.markdown.page import PageRef
from contenthub.model import Diagnostic

from conftest import Site, base_config

CODE = "import feedparser\n\n\ndef titles(url):\n    return [e.title for e in feedparser.parse(url).entries]\n"


def convert(folder: Path, text: str) -> tuple[str, list[Diagnostic]]:
    found: list[Diagnostic] = []
    extension = IncludeCodeExtension(folder=folder, report=found.append)
    extension.start(PageRef("posts/a.md", "posts/a/", lambda: text))
    return markdown.markdown(text, extensions=["fenced_code", extension]), found


def test_a_file_becomes_a_code_block_with_its_language_and_lines(tmp_path: Path):
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples/feed.py").write_text(CODE)
    html, problems = convert(
        tmp_path, "Before.\n\n{% include_code examples/feed.py lang:python lines:4-5 %}\n\nAfter.\n"
    )
    assert problems == []
    assert '<pre><code class="language-python">def titles(url):\n    return' in html
    assert "import feedparser" not in html and "<p>After.</p>" in html


def test_code_that_holds_fences_stays_code_and_a_tag_inside_a_fence_is_left_alone(tmp_path: Path):
    (tmp_path / "notes.md").write_text("```\ninside\n```\n")
    text = "{% include_code notes.md %}\n\n```\n{% include_code notes.md %}\n```\n"
    html, problems = convert(tmp_path, text)
    assert problems == []
    assert html.count("<pre>") == 2 and "```\ninside\n```" in html
    assert "{% include_code notes.md %}" in html


def test_a_missing_file_a_path_outside_the_folder_and_bad_lines_are_problems_and_the_text_stays(tmp_path: Path):
    code = tmp_path / "code"
    code.mkdir()
    (code / "feed.py").write_text(CODE)
    (tmp_path / "secret.txt").write_text("secret")
    text = (
        "{% include_code fed.py %}\n\n{% include_code ../secret.txt %}\n\n{% include_code feed.py lines:9-2 %}\n\n"
        "{% include_code feed.py lines:2-40 %}\n"
    )
    html, problems = convert(code, text)
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (1, "`{% include_code fed.py %}`: `fed.py` is not a file of the code folder", "did you mean `feed.py`?"),
        (
            3,
            "`{% include_code ../secret.txt %}`: `../secret.txt` is not a file of the code folder",
            f"put it in `{code}`",
        ),
        (5, "`{% include_code feed.py lines:9-2 %}`: `lines:9-2` is not a range of lines", "write e.g. `lines:3-12`"),
        (7, "`{% include_code feed.py lines:2-40 %}`: `feed.py` has 5 lines, not 40", "write e.g. `lines:2-5`"),
    ]
    assert "secret" not in html.replace("secret.txt", "") and "{% include_code fed.py %}" in html


def test_a_build_highlights_included_code_from_the_code_folder(site: Site):
    config = base_config(facets={"market": {"values": ["B2B"]}})
    config["markdown_extensions"] = ["fenced_code", "codehilite"]
    site.configure(config)
    site.write("code/feed.py", CODE)
    site.post("feeds", market="B2B", body="Here:\n\n{% include_code feed.py lang:python %}\n")
    site.build("--strict")
    block = site.html("posts/feeds/").select_one(".codehilite")
    assert block is not None and "feedparser.parse" in block.get_text()


def test_a_bad_include_in_a_build_is_reported_once_with_its_line(site: Site):
    site.configure(base_config(facets={"market": {"values": ["B2B"]}}))
    site.post("feeds", market="B2B", body="Here:\n\n{% include_code nothing.py %}\n")
    result = site.build("--strict", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.count("`{% include_code nothing.py %}`") == 1
    assert (
        "posts/feeds.md:9: `{% include_code nothing.py %}`: `nothing.py` is not a file of the code folder"
        in result.stderr
    )
