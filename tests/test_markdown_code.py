"""Where a Markdown text's code is (`contenthub.content.markdown_code`), checked against Python-Markdown
itself: the links left outside code are exactly the links Python-Markdown makes."""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup

from contenthub.content.markdown_code import blank_code

CASES = {
    "an image in a list item's indented paragraph": "1. First step:\n\n    ![one](/a.png)\n\n2. Then [two](/b.png)\n",
    "a lone backtick, then a paragraph": "Use the ` key.\n\n![b](/b.png)\n\nThen `[not](/c.png)` here.\n",
    "an indented block after a paragraph": "Para.\n\n    [not](/a.png)\n    more\n\n[yes](/b.png)\n",
    "a fence, and a link after it": "```py\n[not](/x.png)\n```\n[yes](/y.png)\n",
    "a tilde fence left open is no fence": "~~~\n[yes](/x.png)\n",
    "a fence closed by its own mark only": "````\n[not](/x.png)\n```\n[not](/y.png)\n````\n[yes](/z.png)\n",
    "code in a list item, eight spaces in": "- item\n\n        [not](/a.png)\n\n[yes](/b.png)\n",
    "a lazy continuation line": "text\n    and [yes](/z.png)\n",
    "double backticks around one": "``a ` [not](/a.png)`` and [yes](/b.png)\n",
    "an escaped backtick": "\\`[yes](/a.png)\\` and `[not](/b.png)`\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_the_links_outside_code_are_the_links_python_markdown_makes(text: str):
    soup = BeautifulSoup(markdown.markdown(text, extensions=["fenced_code"]), "html.parser")
    made = sorted([a["href"] for a in soup.find_all("a")] + [img["src"] for img in soup.find_all("img")])
    assert sorted(re.findall(r"\]\(([^)]+)\)", blank_code(text))) == made


def test_blanking_keeps_every_line_and_position():
    text = "```\ncode\n```\nprose `span` end\n"
    blanked = blank_code(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert blanked.endswith("prose        end\n")
