"""The `contenthub` command, run for real on temp sites."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from test_build import DUPLICATE, UNDER_HUB_PAGE

from conftest import Site, base_config, front_matter

FACETS = {"market": {"required": True, "values": ["B2B", "B2C"]}, "channel": {"values": ["LinkedIn"]}}


def check(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    return site.contenthub("check", *args)


def test_a_clean_site_passes(site: Site):
    site.configure(facets=FACETS)
    site.post("one", market="B2B", channel="LinkedIn")
    site.post("two", market="B2C", draft=True)
    result = check(site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 posts read (1 draft), 0 problems"


def test_problems_are_listed_one_per_line_and_fail(site: Site):
    site.configure(facets=FACETS)
    site.post("typo", market="B2B", channel="Linkdin")
    site.post("undated", date="someday", market="B2B")
    result = check(site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "posts/typo.md:5: channel: unknown value `Linkdin`; it is left out (did you mean `LinkedIn`?)",
        "posts/undated.md:3: date: cannot read `someday` as a date; the post is left out of the hub "
        "(write `date: 2024-05-01` or `date: 2024-05-01T09:30:00+02:00` (without an offset, UTC applies))",
    ]
    assert "1 post read (0 drafts), 2 problems" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_what_a_strict_build_stops_at_in_any_page_and_skips_drafts(site: Site):
    site.configure(facets=FACETS)
    bad = "Intro.\n\n{% vimeo not-an-id %}\n\nSee [the other]({filename}gone.md).\n"
    site.post("bad", bad, market="B2B")
    site.post("draft", bad, market="B2B", draft=True)  # never built: nothing to say
    site.write("about.md", "# About\n\n{% posts market=B2X %}\n")
    result = check(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == ["about.md:3", "posts/bad.md:9", "posts/bad.md:11"], lines
    assert "`B2X`" in lines[0] and "`{% vimeo not-an-id %}`" in lines[1] and "`{filename}gone.md`" in lines[2]
    built = site.mkdocs("build", "--strict", check=False)
    assert built.returncode != 0  # the build stops at the same problems
    for problem in ("about.md:3:", "posts/bad.md:9:", "posts/bad.md:11:"):
        assert problem in built.stderr, built.stderr


def test_check_reports_relative_links_to_no_file_as_mkdocs_does_unless_the_site_says_otherwise(site: Site):
    site.configure(facets=FACETS)
    site.write("img/there.png", "png")
    body = "[a](missing.md) ![i](img/x.png) ![ok](../img/there.png) [d](sub/) [w](https://x.test/a.md)\n"
    site.post("links", body, market="B2B")
    site.write("about.md", '# About\n\n<img src="raw-html.png"> [q](posts/links.md#top) [b](other.md#x)\n')
    result = check(site)
    lines = result.stdout.splitlines()
    assert [line.split(": links to ")[1].split(",")[0] for line in lines] == [
        "`other.md#x`",
        "`missing.md`",
        "`img/x.png`",
    ], lines
    assert lines[0].startswith("about.md:3: ") and lines[1].startswith("posts/links.md:7: ")
    built = site.mkdocs("build", check=False)  # MkDocs warns of the same three, and of nothing else
    warned = re.findall(r"WARNING +- +Doc file '[^']+' contains a link '([^']+)'", built.stderr)
    assert sorted(warned) == ["img/x.png", "missing.md", "other.md#x"]
    config = base_config(facets=FACETS)
    config["validation"] = {"links": {"not_found": "info"}}
    site.configure(config)
    assert check(site).returncode == 0


def test_check_reads_pages_with_the_sites_markdown_extensions_as_the_build_does(site: Site):
    config = base_config(facets=FACETS)
    config["markdown_extensions"] = ["admonition", "md_in_html"]
    site.configure(config)
    body = (
        "!!! note\n\n    In a note: [a]({filename}gone-a.md)\n\n"
        '<div markdown="1">\nIn a div: [b]({filename}gone-b.md)\n</div>\n\n'
        "```\nIn a fence: [c]({filename}gone-c.md)\n\nstill the fence\n```\n"
    )
    site.post("extended", body, market="B2B")
    site.write("deep.md", "".join("    " * depth + "- item\n" for depth in range(300)))  # Python-Markdown gives up
    result = check(site)
    assert "Traceback" not in result.stderr
    assert [line.split(": ", 1)[0] for line in result.stdout.splitlines()] == [
        "deep.md",
        "posts/extended.md:9",
        "posts/extended.md:12",
    ], result.stdout
    assert "gone-a" in result.stdout and "gone-b" in result.stdout and "gone-c" not in result.stdout


def test_settings_problems_are_reported_with_their_mkdocs_yml_line(site: Site):
    (site.root / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - contenthub/taxonomy:\n      timezone: Nowhere/Land\n", encoding="utf-8"
    )
    result = check(site)
    assert result.returncode == 1
    assert result.stdout.startswith("mkdocs.yml:4: plugins.contenthub/taxonomy.timezone: unknown timezone")


def test_a_site_that_cannot_be_loaded_exits_2_with_a_clear_message(site: Site):
    result = check(site, "--config-file", "missing.yml")
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "error: missing.yml: no such file; pass the site's mkdocs.yml with --config-file",
    )
    (site.root / "mkdocs.yml").write_text("site_name: x\nplugins: [search]\n", encoding="utf-8")
    result = check(site)
    assert result.returncode == 2
    assert "the `contenthub/taxonomy` plugin is not enabled" in result.stderr
    (site.root / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    result = check(site)
    assert result.returncode == 2
    assert result.stderr.startswith("error: mkdocs.yml:")
    assert "Traceback" not in result.stderr


def test_mkdocs_own_config_warnings_are_shown_and_config_errors_exit_2(site: Site):
    (site.root / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - contenthub/taxonomy:\n      post_dir: articles\n", encoding="utf-8"
    )
    result = check(site)
    assert result.returncode == 1
    assert "option 'post_dir': Unrecognised configuration name: post_dir" in result.stdout
    (site.root / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - contenthub/taxonomy:\n      facets: [market]\n", encoding="utf-8"
    )
    result = check(site)
    assert result.returncode == 2
    assert "option 'facets': Expected type: <class 'dict'> but received: <class 'list'>" in result.stderr


def test_symbolic_links_that_loop_or_lead_nowhere_are_problems(site: Site):
    site.configure(facets=FACETS)
    site.post("one", market="B2B")
    (site.docs / "posts/loop").symlink_to(".")
    (site.docs / "posts/gone.md").symlink_to("missing.md")
    result = check(site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "posts/gone.md: symbolic link to `missing.md`, which does not exist; it is left out of the site "
        "(point it at a file that exists, or remove it)",
        "posts/loop: symbolic link to `.`, which leads back to itself or a folder that holds it; "
        "it is left out of the site (remove the link)",
    ]
    assert "1 post read (0 drafts), 2 problems" in result.stderr


def test_posts_at_a_url_another_page_has_are_problems_as_in_a_build(site: Site):
    site.configure(facets=FACETS, facets_page="posts/index")
    site.post("dup", market="B2B")
    site.write("posts/dup/index.md", front_matter(title="Folder", date="2024-06-01", market="B2C") + "\nFolder.\n")
    site.write("posts/README.md", front_matter(title="Readme", date="2024-02-01", market="B2B") + "\nText.\n")
    result = check(site)
    assert result.returncode == 1
    assert sorted(result.stdout.splitlines()) == sorted([DUPLICATE, UNDER_HUB_PAGE])
    assert "1 post read (0 drafts), 2 problems" in result.stderr


def test_new_writes_a_post_that_builds_with_the_facets_given_and_refuses_what_it_cannot_check(site: Site):
    facets = {
        "market": {"values": ["B2B", "B2C"], "required": True},
        "channel": {"values": ["LinkedIn", "Twitter"]},
    }
    site.configure(base_config(facets=facets, timezone="Europe/Berlin"))
    made = site.contenthub(
        "new", "Our Survey: Über B2B", "--market", "b2b", "--channel", "LinkedIn,twitter", "--date", "2024-05-01"
    )
    assert made.returncode == 0, made.stderr
    path = site.root / made.stdout.strip()  # printed from the folder the command ran in
    assert path == site.docs / "posts/our-survey-uber-b2b.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 'Our Survey: Über B2B'\ndate: 2024-05-01 00:00:00+02:00\n")
    assert "market:\n- B2B\nchannel:\n- LinkedIn\n- Twitter\n" in text
    checked = site.contenthub("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    site.build("--strict")
    assert [a.get_text() for a in site.html("channel/twitter/").select(".ch-card__title a")] == ["Our Survey: Über B2B"]
    again = site.contenthub("new", "Our Survey: Über B2B", "--market", "B2C")
    assert again.returncode == 2 and "exists already" in again.stderr
    wrong = site.contenthub("new", "Other", "--market", "B2BB", "--chanel", "LinkedIn")
    assert wrong.returncode == 2
    assert "`--market B2BB`: no such market value (did you mean `B2B`?)" in wrong.stderr
    assert "`--chanel`: no such facet (did you mean `channel`?)" in wrong.stderr
    missing = site.contenthub("new", "Other")
    assert missing.returncode == 2 and "`--market` is required" in missing.stderr
    assert sorted(p.name for p in (site.docs / "posts").iterdir()) == ["our-survey-uber-b2b.md"], "nothing else written"


def test_new_dates_a_post_now_in_the_sites_timezone_and_writes_drafts(site: Site):
    site.configure(base_config(facets={"market": {"values": ["B2B"]}}, timezone="Asia/Tokyo"))
    made = site.contenthub("new", "Draft idea", "--draft")
    assert made.returncode == 0, made.stderr
    text = (site.root / made.stdout.strip()).read_text(encoding="utf-8")
    assert re.search(r"^date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+09:00$", text, re.M) and "draft: true" in text


def test_new_makes_a_usable_file_name_or_says_how_to_give_one(site: Site):
    site.configure(base_config(facets={"market": {"values": ["B2B"], "required": True}}))
    long = site.contenthub("new", "Word " * 80, "--market", "B2B")
    assert long.returncode == 0, long.stderr
    assert len(Path(long.stdout.strip()).name) <= 83 and "Traceback" not in long.stderr
    japanese = site.contenthub("new", "日本語のタイトル", "--market", "B2B")
    assert japanese.returncode == 2 and "give one with `--slug`" in japanese.stderr
    named = site.contenthub("new", "日本語のタイトル", "--market", "B2B", "--slug", "nihongo")
    assert named.returncode == 0 and named.stdout.strip().endswith("posts/nihongo.md")
    index = site.contenthub("new", "Index", "--market", "B2B")
    assert index.returncode == 2 and "is the posts folder's own page" in index.stderr
    empty = site.contenthub("new", "Empty market", "--market", "")
    assert empty.returncode == 2 and "`--market` is required" in empty.stderr
