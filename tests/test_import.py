"""`contenthub import jekyll|pelican|text`: fixtures written for this suite in the shapes of the seed
documents (a Jekyll post, Pelican articles, plain-text articles and a comment thread), imported into temp
sites that then build with `mkdocs build --strict`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import frontmatter
import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from contenthub.content.importers.facets import Router
from contenthub.content.importers.incoming import ImportFile, Incoming, read_date
from contenthub.content.importers.jekyll import read_jekyll
from contenthub.content.importers.plain_text import to_markdown
from contenthub.taxonomy import load_taxonomy

from conftest import ROOT, Site, base_config, content, copy_sample_hub

FIXTURES = ROOT / "tests" / "fixtures" / "import"
JEKYLL = FIXTURES / "jekyll" / "_posts"
PELICAN = FIXTURES / "pelican" / "content"
NEW_YORK = __import__("zoneinfo").ZoneInfo("America/New_York")


def written(site: Site, path: str) -> frontmatter.Post:
    return frontmatter.load(site.docs / path)


# --- Jekyll -------------------------------------------------------------------------------------------


def test_a_jekyll_folder_imports_with_facets_from_aliases_and_builds_strict(site: Site):
    result = site.contenthub("import", "jekyll", str(JEKYLL), "--to", "posts/old")
    # One problem: Liquid the hub does not run, at its line, left as written (in the draft).
    problems = [line for line in result.stdout.splitlines() if ": `{%" in line]
    assert problems == [
        f'{JEKYLL}/2009-03-10-consumer-brands.md:10: `{{% include figure.html src="fans.png" %}}`: Liquid the hub '
        "does not run; it is left as written (replace it with Markdown, or with an embed such as `{% youtube ID %}`)"
    ]
    assert result.returncode == 1
    assert "3 posts written" in result.stderr and "(1 draft), 1 problem" in result.stderr

    twitter = written(site, "posts/old/twitter-and-b2b-buyers.md")
    # `business to business` is B2B's alias; `Twitter` a label; the rest kept under `tags`, `hidden` a status.
    assert twitter["market"] == ["B2B"] and twitter["channel"] == ["Twitter"]
    assert twitter["tags"] == ["enterprise 2.0", "social media", "commentary"]
    assert twitter["status"] == "hidden" and "layout" not in twitter.metadata
    assert twitter["description"].startswith("Buying committees are made of people")
    assert twitter["date"].isoformat() == "2009-01-08T15:07:26-08:00"
    assert twitter["note"] and twitter["section"] == "Social Media"  # the author's own keys stay
    # No `permalink` of its own: the style of the site's _config.yml, `pretty`, on the site's day.
    assert twitter["redirect_from"] == ["/2009/01/08/twitter-and-b2b-buyers/"]
    assert list(twitter.metadata)[:2] == ["title", "date"]
    assert "```python\nreach = followers * share_rate\n```" in twitter.content
    assert "[groups]: {filename}linkedin-groups.md" in twitter.content
    assert "(/2009/01/survey/)" in twitter.content
    assert "tag `hidden` read as `status: hidden`" in result.stdout

    groups = written(site, "posts/old/linkedin-groups.md")
    # A string of tags is split on spaces, as Jekyll splits it; `marketing` is an alias of Marketers.
    assert groups["market"] == ["B2B"] and groups["channel"] == ["LinkedIn"] and groups["audience"] == ["Marketers"]
    assert groups["tags"] == ["strategy"] and groups["author"] == "Dana Reyes"
    assert groups["redirect_from"] == ["/2009/02/linkedin-groups/"]
    assert "{% raw %}" not in groups.content and "`{{ page.title }}`" in groups.content

    consumer = written(site, "posts/old/consumer-brands.md")
    assert consumer["draft"] is True and consumer["market"] == ["B2C"]  # `published: false`
    assert "redirect_from" not in consumer.metadata  # Jekyll never published it: it had no address
    assert str(consumer["date"]) == "2009-03-10"

    site.build("--strict", engine="properdocs")  # the maintained fork builds what was imported, too
    site.build("--strict")
    page = content(site.html("posts/old/twitter-and-b2b-buyers/"))
    assert page.find("a", string="follow-up on groups")["href"] == "../linkedin-groups/"
    assert page.select_one("pre code.language-python") is not None
    assert not site.exists("posts/old/consumer-brands/")  # the draft stays out
    checked = site.contenthub("check")
    assert checked.returncode == 0 and "3 posts read (1 draft), 0 problems" in checked.stdout


def test_the_redirect_map_printed_builds_old_addresses_with_mkdocs_redirects(site: Site):
    result = site.contenthub("import", "jekyll", str(JEKYLL / "2009-02-02-linkedin-groups.md"))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout[result.stdout.index("      redirect_maps:") :].splitlines()
    maps = yaml.safe_load("\n".join(line for line in lines if line.startswith("      ")))["redirect_maps"]
    assert maps == {"2009/02/linkedin-groups/index.md": "posts/linkedin-groups.md"}
    config = base_config()
    config["plugins"].append({"redirects": {"redirect_maps": maps}})
    site.configure(config)
    site.build("--strict")
    old = (site.out / "2009/02/linkedin-groups/index.html").read_text(encoding="utf-8")
    assert 'href="../../../posts/linkedin-groups/"' in old


def test_jekyll_liquid_and_keys_each_become_what_the_hub_reads(tmp_path: Path):
    post = tmp_path / "2010-07-21-name.md"
    post.write_text(
        "---\ntitle: T\ndate: 2010-07-21 08:00:00 +0200\npermalink: /:categories/:year/:month/:title.html\n"
        "categories: news social\nhidden: true\n---\n\n"
        "Go {{ site.url }}{{ site.baseurl }}/about/ or {{ site.url }}.\n"
        "{% comment %}not for readers{% endcomment %}\n"
        "{% youtube dQw4w9WgXcQ %}\n"
        "{{ page.title }} and {% post_url 2001-01-01-gone %}\n",
        encoding="utf-8",
    )
    source = ImportFile(post, str(post), post.name)
    read = read_jekyll(source, post.read_text(encoding="utf-8"), "name.md", {}, NEW_YORK)
    assert read.meta["date"].isoformat() == "2010-07-21T08:00:00+02:00"
    assert read.old_url == "/news/social/2010/07/name.html"
    assert read.meta["status"] == "hidden" and read.words == {"categories": ["news", "social"]}
    assert "Go /about/ or /." in read.body and "<!--not for readers-->" in read.body
    assert "{% youtube dQw4w9WgXcQ %}" in read.body  # the hub's own embeds stay
    assert [(p.line, p.message.split(":")[0]) for p in read.problems] == [
        (12, "`{{ page.title }}`"),
        (12, "`{% post_url 2001-01-01-gone %}`"),
    ]


def test_jekyll_files_that_are_no_posts_are_reported_at_their_line(site: Site, tmp_path: Path):
    folder = tmp_path / "_posts"
    folder.mkdir()
    (folder / "2011-01-01-bad.md").write_text("---\ntitle: [unclosed\ndate: 2011-01-01\n---\nText.\n")
    (folder / "2011-01-02-plain.md").write_text("No front matter here.\n")
    (folder / "2011-01-03-latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    (folder / "notes.txt").write_text("not a post")
    result = site.contenthub("import", "jekyll", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(re.match(rf"{folder}/2011-01-01-bad.md:3: the front matter cannot be read", line) for line in lines)
    assert f"{folder}/2011-01-02-plain.md:1: no front matter" in result.stdout
    assert f"{folder}/2011-01-03-latin1.md: cannot read the file (not UTF-8" in result.stdout
    assert "notes.txt" not in result.stdout
    assert not (site.docs / "posts").exists() or not list((site.docs / "posts").iterdir())


def test_a_jekyll_sites_folder_gives_its_posts_only_and_names_never_clash(site: Site, tmp_path: Path):
    blog = tmp_path / "blog"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_layouts").mkdir()
    (blog / "about.md").write_text("---\ntitle: About\n---\nA page.\n")
    (blog / "_layouts" / "post.md").write_text("---\ntitle: Layout\n---\n")
    post = "---\ntitle: {}\ntags: [b2b]\n---\nText.\n"
    (blog / "_posts" / "2011-01-01-index.md").write_text(post.format("Index"))
    (blog / "_posts" / "2011-01-02-same.md").write_text(post.format("One"))
    (blog / "_posts" / "2012-01-02-same.markdown").write_text(post.format("Two"))
    (blog / "_posts" / "undated.md").write_text(post.format("Undated"))
    result = site.contenthub("import", "jekyll", str(blog))
    assert f"{blog}/_posts/undated.md: no date in its name (2009-01-08-title.md)" in result.stdout
    assert "about.md" not in result.stdout and "post.md" not in result.stdout
    assert sorted(path.name for path in (site.docs / "posts").iterdir()) == ["index-2.md", "same-2.md", "same.md"]
    assert written(site, "posts/same-2.md")["title"] == "Two"
    site.build("--strict")
    assert site.exists("posts/index-2/")


# --- Pelican ------------------------------------------------------------------------------------------


def test_a_pelican_folder_imports_keeping_its_links_and_builds_strict(tmp_path: Path):
    hub = copy_sample_hub(tmp_path)
    result = hub.contenthub("import", "pelican", str(PELICAN), "--to", "posts/pelican")
    assert f"{PELICAN}/legacy.rst: reStructuredText articles are not supported" in result.stdout
    assert f"{PELICAN}/pages/about.md: a Pelican page, not an article" in result.stdout
    assert result.returncode == 1 and "2 posts written" in result.stderr
    crm = written(hub, "posts/pelican/2010-05-04-social-crm.md")
    assert crm["market"] == ["B2B"]  # `Category: B2B`
    assert crm["channel"] == ["LinkedIn"] and crm["tags"] == ["Social CRM"]  # `crm` is an alias of Social CRM
    # The sample hub's topic facet reads `tags`: words no value has are kept beside it.
    assert crm["unmapped_tags"] == ["social media"]
    assert crm["authors"] == ["Ana Ortiz", "Ben Kim"] and crm["slug"] == "social-crm-basics"
    assert crm["summary"] == "What changes when the customer record includes the conversation."
    # Written in the site's TIMEZONE (pelicanconf.py), as Pelican read it.
    assert crm["date"].isoformat() == "2010-05-04T10:20:00+02:00" and crm["modified"].day == 6
    assert "({filename}/posts/pelican/notes/measuring.md)" in crm.content  # from the content root: moved along
    measuring = written(hub, "posts/pelican/notes/measuring.md")
    assert measuring["status"] == "hidden" and measuring["market"] == ["B2C"]
    assert "({filename}../2010-05-04-social-crm.md)" in measuring.content  # relative: as it was
    # No `URL:` of its own: pelicanconf.py's ARTICLE_URL, with the slug Pelican made of the title.
    assert measuring["redirect_from"] == ["/b2c/2010/measuring-a-conversation/"]
    assert "redirect_maps:\n        '2010/05/social-crm/index.md': 'posts/pelican/2010-05-04-social-crm.md'" in (
        result.stdout
    )
    hub.build("--strict")
    page = content(hub.html("posts/pelican/social-crm-basics/"))
    assert page.find("a", string="the measurement note")["href"] == "../notes/measuring/"
    back = content(hub.html("posts/pelican/notes/measuring/"))
    assert back.find("a", string="social CRM")["href"] == "../../social-crm-basics/"


# --- Plain text ---------------------------------------------------------------------------------------


def test_a_plain_text_folder_imports_as_drafts_that_say_what_they_lack(site: Site):
    result = site.contenthub("import", "text", str(FIXTURES / "text"), "--to", "posts/text")
    assert result.returncode == 1 and "2 posts written" in result.stderr and "(2 drafts)" in result.stderr
    assert "posts/text/why-sellers-to-businesses-moved-first.md:1: market: the required facet `market`" in (
        result.stdout
    )
    assert "written as a draft: no market value among its tags" in result.stdout
    survey = written(site, "posts/text/why-sellers-to-businesses-moved-first.md")
    assert survey["title"] == "Why Sellers to Businesses Moved First" and str(survey["date"]) == "2011-06-01"
    html = markdown.markdown(survey.content)
    soup = BeautifulSoup(html, "html.parser")
    assert [li.get_text() for li in soup.select("ul li")] == [
        "relationships carry the sale",
        "buyers research before they call",
        "*one* account reaches a whole committee",
    ]
    assert soup.find("h2").get_text() == "Notes"
    assert soup.find("a")["href"] == "https://example.org/survey_2011"
    assert "#1 on every list was trust" in soup.get_text() and "Wal*Mart" in soup.get_text()
    assert "[committees]" in soup.get_text()
    gap = written(site, "posts/text/the-age-gap-in-the-boardroom.md")
    assert [li.get_text() for li in BeautifulSoup(markdown.markdown(gap.content), "html.parser").select("ol li")] == [
        "Who signs off?",
        "What did they last approve?",
    ]
    # Once the author gives the market, the post builds.
    for name in ("why-sellers-to-businesses-moved-first.md", "the-age-gap-in-the-boardroom.md"):
        post = written(site, f"posts/text/{name}")
        post["market"] = ["B2B"]
        del post["draft"]
        (site.docs / "posts/text" / name).write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    site.build("--strict")
    assert "*one* account" in content(site.html("posts/text/why-sellers-to-businesses-moved-first/")).get_text()
    assert site.contenthub("check").returncode == 0


def test_values_given_on_the_command_line_go_to_every_post_checked_as_new_checks_them(site: Site):
    text = FIXTURES / "text"
    result = site.contenthub("import", "text", str(text), "--market", "b2b", "--channel", "LinkedIn,blogging")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 posts written" in result.stdout and "(0 drafts), 0 problems" in result.stdout
    survey = written(site, "posts/why-sellers-to-businesses-moved-first.md")
    assert survey["market"] == ["B2B"] and survey["channel"] == ["LinkedIn", "Blogs"] and "draft" not in survey.metadata
    site.build("--strict")
    assert site.exists("posts/the-age-gap-in-the-boardroom/")
    wrong = site.contenthub("import", "text", str(text), "--chanel", "LinkedIn", "--market", "B2X")
    assert wrong.returncode == 2
    assert "`--chanel`: no such facet (did you mean `channel`?)" in wrong.stderr
    assert "`--market B2X`: no such market value" in wrong.stderr


def test_a_comment_thread_takes_its_title_and_date_and_keeps_a_paragraph_a_comment(site: Site):
    thread = FIXTURES / "thread" / "thread.txt"
    title = "Is the B2B and B2C line still useful?"
    result = site.contenthub("import", "text", str(thread), "--title", title, "--date", "2010-03-01")
    assert "1 post written" in result.stderr
    post = written(site, "posts/is-the-b2b-and-b2c-line-still-useful.md")
    assert post["title"] == title and str(post["date"]) == "2010-03-01"
    paragraphs = BeautifulSoup(markdown.markdown(post.content), "html.parser").find_all("p")
    assert len(paragraphs) == 4 and paragraphs[3].get_text().startswith("Agreed - and the second B")
    undated = site.contenthub("import", "text", str(thread), "--title", "Another")
    assert f"{thread}:1: date: the article has no date; it is not imported (give one with --date" in undated.stdout


def test_split_makes_one_post_per_title_line_and_reports_stray_text(site: Site, tmp_path: Path):
    essays = FIXTURES / "essays" / "2012-09-15-essays.txt"
    result = site.contenthub("import", "text", str(essays), "--split", "^[A-Z].* Essay on ")
    assert "2 posts written" in result.stderr
    assert written(site, "posts/first-essay-on-channels.md").content == "Channels are where the conversation happens."
    assert written(site, "posts/second-essay-on-audiences.md")["date"].isoformat() == "2012-09-15"
    stray = tmp_path / "2012-01-01-stray.txt"
    stray.write_text("A preface.\n\nTitle One\n\nText.\n", encoding="utf-8")
    result = site.contenthub("import", "text", str(stray), "--split", "^Title")
    assert f"{stray}:1: 1 line is before the first title line, and not imported (`--split` matched: `Title One`)" in (
        result.stdout
    )
    bad = site.contenthub("import", "text", str(stray), "--split", "(")
    assert bad.returncode == 2 and "is not a regular expression" in bad.stderr


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("# not a heading", "# not a heading"),
        ("> not a quote", "> not a quote"),
        ("1984. A year.", "1984. A year."),
        ("=====", "====="),
        ("<b>bold?</b> & &amp;", "<b>bold?</b> & &amp;"),
        ("a_b_c *d* `e` {filename}x.md [f](g)", "a_b_c *d* `e` {filename}x.md [f](g)"),
        ("    indented", "indented"),
    ],
)
def test_plain_text_shows_as_written(text: str, shown: str):
    html = markdown.markdown(to_markdown(["Before.", "", text, "", "After."]))
    paragraphs = [p.get_text() for p in BeautifulSoup(html, "html.parser").find_all(["p", "h2"])]
    assert paragraphs == ["Before.", shown, "After."]


# --- Facets, safety, options --------------------------------------------------------------------------


def test_words_go_to_facets_by_label_alias_and_keyword_or_where_mapped():
    taxonomy, _ = load_taxonomy(
        {
            "market": {"multiple": False, "values": {"B2B": {"aliases": ["business to business"]}, "B2C": {}}},
            "topic": {"values": {"CRM": {"keywords": ["customer relationships"]}, "Go": {}}},
        }
    )
    incoming = Incoming(ImportFile(Path("x"), "x", "x"), "x.md", {"section": "Go, CRM", "market": "b2c"}, "")
    incoming.words = {"tags": ["Business-To-Business", "customer relationships", "misc"]}
    routed = Router(taxonomy, {"section": "topic"}).route(incoming)
    assert routed.values == {"market": ["B2B"], "topic": ["CRM", "Go"]}
    assert routed.unmapped == ["misc", "b2c"]  # market takes one value: the second is kept, and said
    assert routed.notes == ["market takes one value: `b2c` kept as a tag, `B2B` chosen"]
    assert "section" not in incoming.meta


def test_import_never_overwrites_and_a_dry_run_writes_nothing(site: Site):
    one = str(JEKYLL / "2009-02-02-linkedin-groups.md")
    dry = site.contenthub("import", "jekyll", one, "--dry-run")
    assert dry.returncode == 0 and not (site.docs / "posts/linkedin-groups.md").exists()
    assert "→" in dry.stdout and "    market:\n    - B2B" in dry.stdout and "Dry run" in dry.stdout
    assert site.contenthub("import", "jekyll", one).returncode == 0
    before = (site.docs / "posts/linkedin-groups.md").read_text(encoding="utf-8")
    again = site.contenthub("import", "jekyll", one)
    assert again.returncode == 1
    assert "posts/linkedin-groups.md: a file is there already; it is not overwritten" in again.stdout
    assert (site.docs / "posts/linkedin-groups.md").read_text(encoding="utf-8") == before


def test_bad_options_exit_2_with_the_fix(site: Site):
    cases = {
        ("--to", "elsewhere"): "posts go in `posts/` or a folder in it",
        ("--to", "posts/../x"): "posts go in `posts/`",
        ("--map", "tags=chanel"): "did you mean `channel`",
        ("--map", "nothing"): "write KEY=FACET",
        ("--title", "T"): "are for `contenthub import text`",
    }
    for options, message in cases.items():
        result = site.contenthub("import", "jekyll", str(JEKYLL), *options)
        assert result.returncode == 2 and message in result.stderr, (options, result.stderr)
    missing = site.contenthub("import", "jekyll", "no/such/folder")
    assert missing.returncode == 2 and "no/such/folder: no such file or folder; nothing is imported" in (missing.stderr)


def test_dates_as_other_blogs_write_them():
    assert read_date("2009-01-08 15:07:26 -0800", NEW_YORK).isoformat() == "2009-01-08T15:07:26-08:00"
    assert read_date("2010-12-03 10:20", NEW_YORK).isoformat() == "2010-12-03T10:20:00-05:00"
    assert str(read_date("2010-12-03", NEW_YORK)) == "2010-12-03"
    assert read_date("yesterday", NEW_YORK) is None


def test_fixtures_are_not_the_seed_documents():
    """The seeds may not be committed, nor their sentences: each fixture is our own writing."""
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the seed documents are not beside this checkout")
    seed_text = " ".join(path.read_text(encoding="utf-8") for path in seeds.glob("*.txt"))
    for fixture in FIXTURES.rglob("*.*"):
        for sentence in re.split(r"(?<=[.?!])\s+", fixture.read_text(encoding="utf-8")):
            words = sentence.split()
            assert len(words) < 8 or " ".join(words) not in seed_text, (fixture, sentence)
    shutil.disk_usage(FIXTURES)  # the folder exists and is readable


# --- Bad input, found by a hostile pass -----------------------------------------------------------------


def jekyll_post(folder: Path, name: str, front: str, body: str = "Text.\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    return path


def test_posts_without_a_permalink_get_the_address_the_sites_config_gave_them(site: Site, tmp_path: Path):
    blog = tmp_path / "old-blog"
    jekyll_post(blog / "news/_posts", "2010-03-01-late-night.md", "title: Late\ndate: 2010-03-01 23:30 -0500\n"
                "categories: [Social Media]")  # fmt: skip
    jekyll_post(blog / "_posts", "2010-03-02-own.md", "title: Own\npermalink: /own/")
    jekyll_post(blog / "_posts", "2010-03-03-never.md", "title: Never\npublished: false")
    jekyll_post(blog, "about.md", "title: About")  # a page of the site, not a post
    (blog / "_config.yml").write_text("title: Old\ntimezone: Europe/Berlin\n")  # no permalink: Jekyll's `date`

    dry = site.contenthub("import", "jekyll", str(blog), "--dry-run", "--market", "B2B")
    # Under directory URLs mkdocs-redirects cannot make `.html` pages: said once, for all of them.
    assert [line for line in dry.stdout.splitlines() if line.startswith("redirect_maps")] == [
        "redirect_maps: `/news/social%20media/2010/03/02/late-night.html` end in .html, which mkdocs-redirects "
        "serves only without directory URLs (set `use_directory_urls: false`, or redirect them on the web server; "
        "each post lists its own)"
    ]
    assert "about" not in dry.stdout

    config = base_config()
    config["use_directory_urls"] = False
    site.configure(config)
    result = site.contenthub("import", "jekyll", str(blog), "--market", "B2B")
    assert result.returncode == 0, result.stdout + result.stderr
    # The folder above `_posts` is a category; the day is Berlin's (05:30 on 2 March), as Jekyll named it.
    late = written(site, "posts/late-night.md")
    assert late["redirect_from"] == ["/news/social%20media/2010/03/02/late-night.html"]
    assert written(site, "posts/own.md")["redirect_from"] == ["/own/"]
    assert "redirect_from" not in written(site, "posts/never.md").metadata
    lines = result.stdout[result.stdout.index("      redirect_maps:") :].splitlines()
    maps = yaml.safe_load("\n".join(line for line in lines if line.startswith("      ")))["redirect_maps"]
    assert maps == {"news/social media/2010/03/02/late-night.md": "posts/late-night.md", "own/index.md": "posts/own.md"}
    config["plugins"].append({"redirects": {"redirect_maps": maps}})
    site.configure(config)
    site.build("--strict")
    old = (site.out / "news/social media/2010/03/02/late-night.html").read_text(encoding="utf-8")
    assert 'href="../../../../../posts/late-night.html"' in old


def test_a_broken_jekyll_config_is_reported_and_jekylls_default_style_is_used(site: Site, tmp_path: Path):
    blog = tmp_path / "old-blog"
    jekyll_post(blog / "_posts", "2010-03-01-one.md", "title: One")
    (blog / "_config.yml").write_text("title: Old\npermalink: [unclosed\n")
    result = site.contenthub("import", "jekyll", str(blog / "_posts"), "--dry-run")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{blog}/_config.yml:3: cannot be read (" in result.stdout
    assert "`/2010/03/01/one.html` end in .html" in result.stdout
    # Values of the wrong kind are said at their line, and Jekyll's defaults taken.
    (blog / "_config.yml").write_text("title: Old\npermalink: [1]\ntimezone: America\n")
    odd = site.contenthub("import", "jekyll", str(blog / "_posts"), "--dry-run")
    assert f"{blog}/_config.yml:2: permalink: expected a style or a template, got `[1]`" in odd.stdout
    assert f"{blog}/_config.yml:3: timezone: no timezone `America`" in odd.stdout and "Traceback" not in odd.stderr


@pytest.mark.parametrize(
    ("style", "title", "expected"),
    [
        ("date", "Buyers", "/b2b/social%20media/2009/01/08/Buyers.html"),
        ("pretty", "Buyers", "/b2b/social%20media/2009/01/08/Buyers/"),
        ("ordinal", "Buyers", "/b2b/social%20media/2009/008/Buyers.html"),
        ("weekdate", "Buyers", "/b2b/social%20media/2009/W02/Thu/Buyers.html"),
        ("none", "Buyers", "/b2b/social%20media/Buyers.html"),
        ("/:short_year/:i_month/:i_day/:hour:minute/:slug/", "Café Buyers", "/09/1/8/1507/caf%C3%A9-buyers/"),
        ("/:year/:month_:day/:title/", "hello world", "/2009/01_08/hello-world/"),  # `:month_` is `:month`
        ("/:slugified_categories/:collection/:name/", "B", "/b2b/social-media/posts/2009-01-08-file-name/"),
        ("/../../:title/", "My Great/Post?", "/My-Great-Post/"),  # sanitized as Jekyll does: never above the root
        ("/:year/:nothing/:title/", "B", None),  # no placeholder Jekyll knows: no address guessed
    ],
)
def test_a_jekyll_permalink_style_fills_in_as_jekyll_fills_it(style: str, title: str, expected: str | None):
    from datetime import datetime

    from contenthub.content.importers.jekyll_site import STYLES, fill_permalink

    when = datetime(2009, 1, 8, 15, 7, tzinfo=NEW_YORK)
    categories = ["B2B", "b2b", "Social Media"]
    assert fill_permalink(STYLES.get(style, style), when, title, "2009-01-08-file-name", categories) == expected


def test_a_post_with_any_problem_is_written_as_a_draft_and_the_site_still_builds_strict(site: Site, tmp_path: Path):
    folder = tmp_path / "_posts"
    jekyll_post(folder, "2011-01-01-include.md", "title: Include\ntags: [b2b]", "Intro.\n\n{% include note.html %}\n")
    jekyll_post(folder, "2011-01-02-status.md", "title: Status\ntags: [b2b]\nstatus: archived")
    jekyll_post(folder, "2011-01-03-links.md", "title: Links\ntags: [b2b]", "[s]({static}/img/p.png) [t]({tag}x)\n")
    jekyll_post(folder, "2011-01-04-fine.md", "title: Fine\ntags: [b2b]")
    result = site.contenthub("import", "jekyll", str(folder))
    assert result.returncode == 1 and "4 posts written" in result.stderr and "(3 drafts)" in result.stderr
    # At their lines in the file written (the draft line added), each once.
    assert result.stdout.count("posts/links.md:9: link `{static}/img/p.png`: `img/p.png` is not a file") == 1
    assert result.stdout.count("posts/links.md:9: link `{tag}x`") == 1
    assert "posts/status.md:6: status: unknown status `archived`" in result.stdout
    for name in ("include", "status", "links"):
        assert written(site, f"posts/{name}.md")["draft"] is True
    assert "draft" not in written(site, "posts/fine.md").metadata
    site.build("--strict")
    assert site.exists("posts/fine/") and not site.exists("posts/include/")


def test_bad_values_are_reported_at_their_line_and_never_written_as_python_text(site: Site, tmp_path: Path):
    folder = tmp_path / "_posts"
    jekyll_post(folder, "2011-01-01-date.md", "title: Date\ndate: 2010-13-45")
    jekyll_post(folder, "2011-01-02-title.md", "title: [one, two]\ntags: {b2b: 1}\ndescription: {a: b}")
    result = site.contenthub("import", "jekyll", str(folder))
    assert "Traceback" not in result.stderr
    assert f"{folder}/2011-01-01-date.md:3: date: cannot read `2010-13-45`" in result.stdout
    assert f"{folder}/2011-01-02-title.md:2: title: expected text, got list" in result.stdout
    assert f"{folder}/2011-01-02-title.md:3: tags: expected a list of words" in result.stdout
    assert f"{folder}/2011-01-02-title.md:4: description: expected text, got dict" in result.stdout
    post = written(site, "posts/title.md")
    assert post["title"] == "Title" and post["draft"] is True and "description" not in post.metadata
    assert "{" not in (site.docs / "posts/title.md").read_text(encoding="utf-8").split("---")[1]


def test_liquid_edge_cases_become_fences_or_are_reported(site: Site, tmp_path: Path):
    folder = tmp_path / "_posts"
    jekyll_post(folder, "2011-01-01-target.md", "title: Target\ntags: [b2b]")
    body = (
        "Look: {% highlight python %}print(1){% endhighlight %} done.\n\n"  # line 6
        "[two]({{ site.baseurl }}{% post_url 2011-01-01-target %})\n\n"  # line 8
        "{% comment %}\nhidden --> shown\n{% endcomment %}\n\n"  # line 10
        "A {% include\n   note.html %} tag.\n\n"  # line 14
        "{% raw %}{{ kept }}\n"  # line 17: never closed
    )
    jekyll_post(folder, "2011-01-02-edges.md", "title: Edges\ntags: [b2b]", body)
    result = site.contenthub("import", "jekyll", str(folder))
    edges = (site.docs / "posts/edges.md").read_text(encoding="utf-8")
    assert "Look: \n```python\nprint(1)\n```\n done." in edges
    assert "[two]({filename}target.md)" in edges
    assert "<!--\nhidden - -> shown\n-->" in edges
    assert f"{folder}/2011-01-02-edges.md:14: `{{% include\\n   note.html %}}`: Liquid the hub does not run" in (
        result.stdout
    )
    assert f"{folder}/2011-01-02-edges.md:17: `{{% raw %}}` has no `{{% endraw %}}`" in result.stdout
    unclosed = jekyll_post(
        tmp_path / "more", "2011-02-01-open.md", "title: Open\ntags: [b2b]", "{% highlight ruby %}\nx\n"
    )
    result = site.contenthub("import", "jekyll", str(unclosed))
    assert f"{unclosed}:6: `{{% highlight %}}` has no `{{% endhighlight %}}`" in result.stdout
    assert (site.docs / "posts/open.md").read_text(encoding="utf-8").endswith("```ruby\nx\n```\n")


def test_old_urls_are_all_mapped_but_never_over_a_page_or_twice(site: Site, tmp_path: Path):
    site.write("about.md", "# About\n")
    folder = tmp_path / "_posts"
    jekyll_post(folder, "2011-01-01-one.md", "title: One\ntags: [b2b]\nredirect_from: [/old-one/]\npermalink: /new/")
    jekyll_post(folder, "2011-01-02-two.md", "title: Two\ntags: [b2b]\npermalink: /new/")
    jekyll_post(folder, "2011-01-03-three.md", "title: Three\ntags: [b2b]\npermalink: /about/")
    result = site.contenthub("import", "jekyll", str(folder))
    assert written(site, "posts/one.md")["redirect_from"] == ["/old-one/", "/new/"]
    block = result.stdout[result.stdout.index("      redirect_maps:") :].splitlines()
    maps = yaml.safe_load("\n".join(line for line in block if line.startswith("      ")))["redirect_maps"]
    assert maps == {"old-one/index.md": "posts/one.md", "new/index.md": "posts/one.md"}
    assert "posts/two.md: redirect_from: the old URL `/new/` is `posts/one.md`'s" in result.stdout
    assert "posts/three.md: redirect_from: the old URL `/about/` is `about.md`'s" in result.stdout


def test_plain_text_keeps_short_comments_and_separators_as_text(site: Site, tmp_path: Path):
    thread = tmp_path / "2014-05-05-thread.txt"
    thread.write_text("A Thread\n\nFirst comment here.\n\nGreat post\n\n* * *\n\nLast one.\n", encoding="utf-8")
    assert site.contenthub("import", "text", str(thread)).returncode == 1  # a draft: no market
    html = markdown.markdown(written(site, "posts/a-thread.md").content)
    assert [p.get_text() for p in BeautifulSoup(html, "html.parser").find_all(["p", "h2", "li", "hr"])] == [
        "First comment here.",
        "Great post",
        "* * *",
        "Last one.",
    ]


def test_text_options_that_cannot_work_are_refused(site: Site, tmp_path: Path):
    text = tmp_path / "2015-02-02-t.txt"
    text.write_text("Title\n\nBody.\n", encoding="utf-8")
    nothing = site.contenthub("import", "text", str(text), "--split", "NOMATCH")
    assert nothing.returncode == 1
    assert (
        f"{text}:1: 2 lines are before the first title line, and not imported (`--split` matched: none)"
        in nothing.stdout
    )
    assert "Traceback" not in nothing.stderr
    for options, message in {
        ("--split", ""): "--split needs a pattern",
        ("--title", "   "): "--title is empty",
        ("--to", "posts/.hidden"): "MkDocs reads no folder whose name starts with a dot",
    }.items():
        result = site.contenthub("import", "text", str(text), *options)
        assert result.returncode == 2 and message in result.stderr, (options, result.stderr)


def pelican_article(folder: Path, name: str, header: str, body: str = "Text.\n") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{header}\n\n{body}", encoding="utf-8")
    return path


def test_articles_without_a_url_get_the_address_their_pelicanconf_gave_them(site: Site, tmp_path: Path):
    blog = tmp_path / "old-blog"
    content = blog / "content"
    pelican_article(content / "B2B Notes", "a.md", "Title: Don't Stop — Café Talk\nDate: 2010-01-01 23:30\nTags: b2b")
    pelican_article(content, "b.md", "Title: B\nDate: 2010-01-02\nTags: b2b\nSlug: own-slug\nCategory: Social Media")
    pelican_article(content, "c.md", "Title: C\nDate: 2010-01-03\nTags: b2b\nStatus: draft")
    pelican_article(content, "d.md", "Title: D\nDate: 2010-01-04\nTags: b2b\nURL: kept/")
    (blog / "pelicanconf.py").write_text(
        "import os\nPATH = 'content'\nTIMEZONE = 'Asia/Tokyo'\nARTICLE_URL = '{category}/{date:%Y/%m/%d}/{slug}/'\n"
        "SLUGIFY_SOURCE = os.environ.get('SOURCE', 'title')\nUSE_FOLDER_AS_CATEGORY = 'yes'\n"
    )
    result = site.contenthub("import", "pelican", str(content))
    old = {
        path: written(site, f"posts/{path}").get("redirect_from") for path in ("B2B Notes/a.md", "b.md", "c.md", "d.md")
    }
    assert old == {
        "B2B Notes/a.md": ["/b2b-notes/2010/01/01/dont-stop-cafe-talk/"],  # the folder is its category
        "b.md": ["/social-media/2010/01/02/own-slug/"],
        "c.md": None,  # a draft Pelican never published
        "d.md": ["kept/"],
    }
    folder_post = written(site, "posts/B2B Notes/a.md")
    assert folder_post["date"].isoformat() == "2010-01-01T23:30:00+09:00"
    assert folder_post["tags"] == ["B2B Notes"]  # its category, as Pelican read it, kept: no value has it
    assert "category `B2B Notes` from its folder, as Pelican read it" in result.stdout
    # What the file computes is not run: said at its line, Pelican's default assumed.
    assert f"{blog}/pelicanconf.py:5: SLUGIFY_SOURCE: is computed, and the import does not run pelicanconf.py" in (
        result.stdout
    )
    assert f"{blog}/pelicanconf.py:6: USE_FOLDER_AS_CATEGORY: `'yes'` is not a setting" in result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_pelican_addresses_follow_the_sites_slug_author_lang_and_file_name_settings(site: Site, tmp_path: Path):
    content = tmp_path / "old-blog" / "content"
    pelican_article(content, "2010-05-04-short.md", "Title: A Much Longer Title\nDate: 2010-05-04 02:00+00:00")
    pelican_article(content, "e.md", "Title: <em>Hello</em> Tom &amp; Jerry\nDate: 2010-05-05 12:00")
    pelican_article(content, "b.md", "Title: Straße\nDate: 2010-05-05")  # Pelican spelled it `strasse`
    pelican_article(content, "c.md", "Title: Up\nDate: 2010-05-06\nURL: ../../up/")
    pelican_article(content / "Misc Stuff", "d.md", "Title: Late Night\nDate: 2010-05-07\nLang: de")
    (content.parent / "pelicanconf.py").write_text(  # no PATH: `pelican content`, the folder given
        "AUTHOR: str = 'Site Owner'\nTIMEZONE = 'America/New_York'\n"
        "ARTICLE_URL = '{author}/{lang}/{date:%Y/%m/%d}/{slug}/'\n"
        "FILENAME_METADATA = r'(?P<date>\\d{4}-\\d{2}-\\d{2})-(?P<slug>.*)'\n"
    )
    result = site.contenthub("import", "pelican", str(content), "--market", "B2B")
    old = {name: written(site, f"posts/{name}").get("redirect_from") for name in
           ("2010-05-04-short.md", "e.md", "b.md", "c.md", "Misc Stuff/d.md")}  # fmt: skip
    assert old == {
        "2010-05-04-short.md": ["/site-owner/en/2010/05/04/short/"],  # the slug of its name; the date's own day
        "e.md": ["/site-owner/en/2010/05/05/hello-tom-jerry/"],  # markup and entities out of the title
        "b.md": None,
        "c.md": ["../../up/"],
        "Misc Stuff/d.md": ["/late-night-de.html"],  # another language than the site's: ARTICLE_LANG_URL
    }
    assert "posts/b.md" not in result.stdout.split("redirect_maps:")[-1]
    assert "no old address: Pelican spelled its letters in ASCII" in result.stdout
    # An address that climbs out of the site is redirected from inside it, never from outside.
    assert "'up/index.md': 'posts/c.md'" in result.stdout and "'../" not in result.stdout


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        ("{category}/{slug}/", {"category": "B2B Notes", "slug": "a"}, "/b2b-notes/a/"),
        ("{category}/{slug}/", {"category": "Straße", "slug": "a"}, None),  # Pelican spelled it `strasse`
        ("{author}/{slug}/", {"author": "Price €", "slug": "a"}, None),  # and this `price-eur`
        ("{slug}/", {"slug": "a", "category": "Straße"}, "/a/"),  # a value it does not name is no matter
        ("{slug:>99999999}/", {"slug": "a"}, None),  # no address, and no memory filled
        ("{date:%Y/", {"slug": "a"}, None),
    ],
)
def test_a_pelican_url_is_spelled_as_pelican_did_or_not_at_all(template: str, values: dict[str, str], expected):
    from datetime import date

    from contenthub.content.importers.pelican_site import _DEFAULTS, PelicanSite

    site = PelicanSite({**_DEFAULTS, "ARTICLE_URL": template}, Path("/content"))
    assert site.url(values, date(2010, 5, 4)) == expected
    assert site.slug("Multiply 5×5", Path("a.md")) == ""  # Pelican: `multiply-5x5`; no guess


def test_a_pelican_site_with_default_urls_or_a_broken_pelicanconf_gets_pelicans_default(site: Site, tmp_path: Path):
    blog = tmp_path / "old-blog"
    pelican_article(blog / "content", "a.md", "Title: First Post\nDate: 2010-01-01\nTags: b2b")
    (blog / "pelicanconf.py").write_text("SITENAME = 'Old'\nARTICLE_URL = (\n")
    result = site.contenthub("import", "pelican", str(blog / "content"), "--dry-run")
    assert re.search(rf"{blog}/pelicanconf.py:\d: cannot be read \(", result.stdout)
    assert "redirect_maps: `/first-post.html` end in .html" in result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_an_embed_or_listing_the_build_would_stop_at_makes_the_post_a_draft(site: Site, tmp_path: Path):
    articles = tmp_path / "old" / "content"
    good = "{% youtube dQw4w9WgXcQ %}\n\n{% posts market=B2B limit=3 %}\n"
    pelican_article(articles, "good.md", "Title: Good\nDate: 2010-01-01\nTags: b2b", good)
    bad = "Intro.\n\n{% vimeo not-an-id %}\n\n{% posts market=B2X %}\n\n{% include_code gone.py %}\n"
    pelican_article(articles, "bad.md", "Title: Bad\nDate: 2010-01-02\nTags: b2b", bad)
    result = site.contenthub("import", "pelican", str(articles))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [int(line.split(":")[1]) for line in result.stdout.splitlines() if line.startswith("posts/bad.md:")]
    text = (site.docs / "posts/bad.md").read_text(encoding="utf-8").split("\n")
    # Each at its line in the file written.
    assert [text[number - 1] for number in lines] == bad.strip().split("\n\n")[1:]
    assert written(site, "posts/bad.md")["draft"] is True and "draft" not in written(site, "posts/good.md").metadata
    site.build("--strict")  # what would stop it is in the draft only
    assert content(site.html("posts/good/")).select_one("figure.ch-embed--video") is not None


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f1e1cb0000000049454e44ae426082"
)
"""A one-pixel PNG: the image the old blogs' posts show."""


def test_files_a_pelican_article_links_are_copied_under_the_target_and_the_links_follow(site: Site, tmp_path: Path):
    blog = tmp_path / "old-blog"
    (blog / "content/images").mkdir(parents=True)
    (blog / "pelicanconf.py").write_text("PATH = 'content'\nARTICLE_URL = '{slug}/'\n")
    (blog / "content/images/chart.png").write_bytes(PNG)
    (blog / "content/files").mkdir()
    (blog / "content/files/report one.pdf").write_bytes(b"%PDF-1.4 report")
    body = (
        'From the root: ![chart]({static}/images/chart.png "Chart").\n\n'
        "Relative: ![again]({static}../images/chart.png) and [the report](|attach|../files/report%20one.pdf#p2).\n\n"
        "In code it stays: `{static}/images/chart.png`.\n\n[ref]: {filename}/images/chart.png\n"
    )
    pelican_article(blog / "content/notes", "a.md", "Title: A\nDate: 2010-01-01\nTags: b2b", body)
    result = site.contenthub("import", "pelican", str(blog / "content/notes"), "--to", "posts/old")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site.docs / "posts/old/images/chart.png").read_bytes() == PNG
    assert (site.docs / "posts/old/files/report one.pdf").exists()
    assert "old-blog/content/images/chart.png → docs/posts/old/images/chart.png" in result.stdout
    text = written(site, "posts/old/a.md").content
    # The article was given from `notes/`: a relative link no longer reaches the copy, so it is rooted too.
    assert '![chart]({static}/posts/old/images/chart.png "Chart")' in text
    assert "![again]({static}/posts/old/images/chart.png)" in text
    assert "[the report]({attach}/posts/old/files/report%20one.pdf#p2)" in text
    assert "`{static}/images/chart.png`" in text and "[ref]: {filename}/posts/old/images/chart.png" in text
    site.build("--strict")
    images = content(site.html("posts/old/a/")).find_all("img")
    assert [img["src"] for img in images] == ["../images/chart.png"] * 2
    assert site.exists("posts/old/images/chart.png")

    # From the content folder, the relative links stay as written; the file already copied is left alone.
    again = tmp_path / "again"
    (again / "images").mkdir(parents=True)
    (again / "images/chart.png").write_bytes(PNG)
    pelican_article(
        again / "notes", "b.md", "Title: B\nDate: 2010-01-02\nTags: b2b", "![c]({static}../images/chart.png)"
    )
    second = site.contenthub("import", "pelican", str(again), "--to", "posts/old")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "![c]({static}../images/chart.png)" in written(site, "posts/old/notes/b.md").content
    # Another file by the same name is never copied over the first.
    (again / "images/chart.png").write_bytes(PNG + b"changed")
    (site.docs / "posts/old/notes/b.md").unlink()
    third = site.contenthub("import", "pelican", str(again), "--to", "posts/old")
    assert "posts/old/images/chart.png: a different file is there already; it is not overwritten" in third.stdout
    assert written(site, "posts/old/notes/b.md")["draft"] is True  # it would show the other file
    assert (site.docs / "posts/old/images/chart.png").read_bytes() == PNG


def test_files_a_jekyll_post_links_from_the_site_root_are_copied_and_linked_with_static(site: Site, tmp_path: Path):
    blog = tmp_path / "old-blog"
    (blog / "assets/img").mkdir(parents=True)
    (blog / "assets/img/chart.png").write_bytes(PNG)
    (blog / "_config.yml").write_text("permalink: /:title/\n")
    body = "![chart]({{ site.baseurl }}/assets/img/chart.png) and [about](/about/) and ![gone](/assets/img/gone.png)\n"
    jekyll_post(blog / "_posts", "2010-01-01-charts.md", "title: Charts\ntags: [b2b]", body)
    result = site.contenthub("import", "jekyll", str(blog))
    assert result.returncode == 0, result.stdout + result.stderr
    text = written(site, "posts/charts.md").content
    assert "![chart]({static}/posts/assets/img/chart.png)" in text
    assert "[about](/about/)" in text and "![gone](/assets/img/gone.png)" in text
    assert "`/assets/img/gone.png` names no file of the blog: left as written" in result.stdout
    site.build("--strict")
    assert content(site.html("posts/charts/")).find("img")["src"] == "../assets/img/chart.png"
    # In an HTML tag the hub never reads `{static}`: the post is a draft, the line said.
    html = 'Intro.\n\n<img src="{{ site.baseurl }}/assets/img/chart.png" alt="chart">\n'
    tagged = jekyll_post(blog / "_posts", "2010-01-02-tagged.md", "title: Tagged\ntags: [b2b]", html)
    second = site.contenthub("import", "jekyll", str(tagged))
    assert second.returncode == 1 and written(site, "posts/tagged.md")["draft"] is True
    assert f"{tagged}:8: `/assets/img/chart.png` in an HTML tag: the hub reads links to files in Markdown" in (
        second.stdout
    )


def test_a_jekyll_posts_files_are_found_however_the_link_is_written_and_never_outside_the_blog(
    site: Site, tmp_path: Path
):
    blog = tmp_path / "old-blog"
    (blog / "assets").mkdir(parents=True)
    for name in ("a.png", "my chart.png", "c.png"):
        (blog / "assets" / name).write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(b"not the blog's")
    (blog / "assets/leak.png").symlink_to(tmp_path / "secret.png")
    (blog / "_config.yml").write_text("baseurl: /blog\npermalink: /:title/\n")
    body = (
        "1. First step:\n\n    ![one](/assets/a.png)\n\n"  # a list item's paragraph, not code
        "Press the ` key.\n\n![two](</blog/assets/my chart.png>)\n\n"  # a lone backtick; the baseurl written out
        "![leak](/assets/leak.png)\n\n"  # a symbolic link out of the blog: never copied
        'Write href=/assets/c.png in prose, and <img alt="c" srcset="/assets/c.png 2x">.\n'
    )
    post = jekyll_post(blog / "_posts", "2010-01-01-steps.md", "title: Steps\ntags: [b2b]", body)
    result = site.contenthub("import", "jekyll", str(blog))
    text = written(site, "posts/steps.md").content
    assert "![one]({static}/posts/assets/a.png)" in text
    assert "![two](<{static}/posts/assets/my%20chart.png>)" in text
    assert "![leak](/assets/leak.png)" in text and not (site.docs / "posts/assets/leak.png").exists()
    assert sorted(path.name for path in (site.docs / "posts/assets").iterdir()) == ["a.png", "my chart.png"]
    # Only the tag is reported, at its line; the prose is prose.
    assert [line for line in result.stdout.splitlines() if "HTML tag" in line] == [
        f"{post}:16: `/assets/c.png` in an HTML tag: the hub reads links to files in Markdown only "
        "(write it as Markdown, `![…](/assets/c.png)`, and import the post again)"
    ]


def test_jekyll_reads_what_jekyll_published_and_no_more(site: Site, tmp_path: Path):
    import os

    blog = tmp_path / "old-blog"
    (blog / "_config.yml").parent.mkdir(parents=True)
    (blog / "_config.yml").write_text("permalink: pretty\ntimezone: Asia/Tokyo\nexclude: [skip, 'b*']\n")
    tags = "tags: [b2b]"
    jekyll_post(blog / "_posts", "2021-1-3-short-date.md", f"title: Short\ndate: 2021-01-03 23:30:00\n{tags}")
    jekyll_post(blog / "_posts", "2021-01-04-blank.md", f"title: Blank\npermalink:\n{tags}")
    jekyll_post(blog / "_posts", "2021-01-05-sitemap.md", f"title: Map\npermalink: /sitemap.xml\n{tags}")
    jekyll_post(blog / "_posts", "2021-01-06-linker.md", tags, "See [it]({% post_url 2021-01-07-broken %}).\n")
    jekyll_post(blog / "_posts", "2021-01-07-broken.md", tags, "{% include nav.html %}\n")
    (blog / "_posts/2021-01-08-page.html").write_text("---\ntitle: H\n---\n<p>HTML</p>\n")
    for folder in ("skipme", "blog", "#scratch", "old~"):
        jekyll_post(blog / folder / "_posts", "2021-02-01-hidden.md", tags)
    os.mkfifo(blog / "pipe.png")
    jekyll_post(blog / "_posts", "2021-01-09-piped.md", tags, "![p](/pipe.png)\n")
    posts = str(blog / "_posts")
    result = site.contenthub("import", "jekyll", str(blog), posts, posts + "/2021-01-04-blank.md")  # overlapping
    out = result.stdout
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert sorted(path.name for path in (site.docs / "posts").iterdir()) == [
        "blank.md",
        "broken.md",
        "linker.md",
        "piped.md",
        "short-date.md",
        "sitemap.md",
    ]  # once each; nothing from excluded folders
    # YAML's timestamp without an offset is UTC to Jekyll: 08:30 on 4 January in Tokyo.
    assert written(site, "posts/short-date.md")["redirect_from"] == ["/2021/01/04/short-date/"]
    assert written(site, "posts/blank.md")["redirect_from"] == ["/2021/01/04/blank/"]  # the site's style
    assert "redirect_from" in written(site, "posts/sitemap.md").metadata and "'sitemap.xml" not in out
    assert "the old URL `/sitemap.xml` is no page (a `.xml` file)" in out
    assert f"{posts}/2021-01-08-page.html: HTML posts are not supported" in out
    assert "posts/linker.md: links to posts/broken.md, written as a draft" in out
    assert "`/pipe.png` is no regular file; it is not copied" in out and written(site, "posts/piped.md")["draft"]


def test_a_blog_given_by_a_relative_path_with_pipes_and_excluded_posts_imports_as_jekyll_and_pelican_read_it(
    site: Site, tmp_path: Path
):
    import os

    blog = tmp_path / "old-blog"
    pelican_article(blog / "content/b2b", "hello.md", "Title: Hello World\nDate: 2010-01-01", "[x](about) is fine.\n")
    (blog / "pelicanconf.py").write_text("PATH = 'content'\nARTICLE_URL = '{category}/{slug}/'\n")
    os.mkfifo(blog / "content/pipe.md")  # read, it would wait for ever
    result = site.contenthub("import", "pelican", "docs/../old-blog/content")
    assert result.returncode == 0, result.stdout + result.stderr
    # `..` in the path given: the folder is still its category, and the old address is right.
    assert written(site, "posts/b2b/hello.md")["redirect_from"] == ["/b2b/hello-world/"]

    jekyll = tmp_path / "jekyll-blog"
    (jekyll / "_config.yml").parent.mkdir()
    (jekyll / "_config.yml").write_text("exclude: [old]\npermalink: /:year/:title/\n")
    jekyll_post(jekyll / "old/_posts", "2020-01-01-hello.md", "tags: [b2b]")  # excluded: no name, no link
    jekyll_post(jekyll / "_posts", "2020-01-02-hello.md", "tags: [b2b]", "[a]({% post_url 2020-01-02-hello %})\n")
    jekyll_post(jekyll / "_posts", "2020-01-03-py.md", "tags: [b2b]\npermalink: /python-3.12-released/")
    second = site.contenthub("import", "jekyll", str(jekyll), "--to", "posts/jekyll")
    assert second.returncode == 0, second.stdout + second.stderr
    assert sorted(path.name for path in (site.docs / "posts/jekyll").iterdir()) == ["hello.md", "py.md"]
    assert "'python-3.12-released/index.md': 'posts/jekyll/py.md'" in second.stdout  # a dot in a slug is no file


def test_two_blogs_whose_files_would_land_on_one_path_leave_the_second_post_a_draft(site: Site, tmp_path: Path):
    for blog, title in (("pa", "A"), ("pb", "B")):
        (tmp_path / blog / "content/images").mkdir(parents=True)
        (tmp_path / blog / "content/images/pic.png").write_bytes(PNG + blog.encode())
        pelican_article(tmp_path / blog / "content", f"{blog}.md", f"Title: {title}\nDate: 2010-01-01\nTags: b2b",
                        "![pic]({static}images/pic.png)")  # fmt: skip
    both = [str(tmp_path / blog / "content") for blog in ("pa", "pb")]
    result = site.contenthub("import", "pelican", *both, "--to", "posts/old")
    assert result.returncode == 1 and "another file of the import is copied to posts/old/images/pic.png" in (
        result.stdout
    )
    assert "draft" not in written(site, "posts/old/pa.md").metadata
    assert written(site, "posts/old/pb.md")["draft"] is True  # published, it would show pa's picture
    assert (site.docs / "posts/old/images/pic.png").read_bytes() == PNG + b"pa"


def test_an_imported_post_at_a_url_the_site_has_is_a_draft_with_the_clash_listed(tmp_path: Path):
    hub = copy_sample_hub(tmp_path / "hub")
    content = tmp_path / "content"
    pelican_article(content, "c.md", "Title: C\nDate: 2010-01-01\nCategory: B2B\nSlug: mindset-divide")
    pelican_article(content, "b.md", "Title: B\nDate: 2010-01-02\nCategory: B2B")
    pelican_article(content, "d.md", "Title: D\nDate: 2010-01-03\nCategory: B2B\nSlug: b")
    pelican_article(content, "x.md", "Title: X\nDate: 2010-01-04\nCategory: B2B")
    pelican_article(content, "x.markdown", "Title: X2\nDate: 2010-01-05\nCategory: B2B")
    pelican_article(content, "e.md", "Title: E\nDate: 2010-01-06\nCategory: B2B\nSlug: my slug/x")
    pelican_article(content, "f.md", "Title: F\nDate: 2010-01-07\nCategory: B2B\nSlug: knowledge-base")
    result = hub.contenthub("import", "pelican", str(content), "--to", "posts")
    out = result.stdout
    assert f"{content}/c.md:4: slug: its URL, `posts/mindset-divide/`, is `posts/mindset-divide.md`'s" in out
    assert f"{content}/d.md:4: slug: its URL, `posts/b/`, is `posts/b.md`'s" in out
    assert "slug `my slug/x` cannot be a URL segment: written as `my-slug-x`" in out
    assert written(hub, "posts/e.md")["slug"] == "my-slug-x"
    for name in ("c", "d"):
        assert written(hub, f"posts/{name}.md")["draft"] is True
    # `.markdown` is written as `.md`, each post under a name of its own.
    assert {written(hub, "posts/x.md")["title"], written(hub, "posts/x-2.md")["title"]} == {"X", "X2"}
    assert "draft" not in written(hub, "posts/b.md").metadata
    hub.build("--strict")
    assert "Mindset Divide" in hub.html("posts/mindset-divide/").title.get_text()  # the hub's post stays


def test_pelican_reads_yaml_front_matter_dates_as_written_and_one_author(site: Site, tmp_path: Path):
    content = tmp_path / "content"
    (content).mkdir()
    (content / "yaml.md").write_text("---\ntitle: YAML\ndate: 2010-01-01\ntags: [b2b]\n---\n\nText.\n")
    for number, written_date in enumerate(["2010/05/04", "04 May 2010", "May 4, 2010", "Tue, 04 May 2010 10:20 +0000"]):
        pelican_article(content, f"d{number}.md", f"Title: D{number}\nDate: {written_date}\nTags: b2b")
    pelican_article(content, "author.md", "Title: A\nDate: 2010-01-01\nTags: b2b\nAuthor: Smith, John")
    pelican_article(content, "bad.md", "Title: Bad\nDate: someday\nTags: b2b")
    result = site.contenthub("import", "pelican", str(content))
    assert written(site, "posts/yaml.md")["market"] == ["B2B"]
    assert {str(written(site, f"posts/d{n}.md")["date"])[:10] for n in range(4)} == {"2010-05-04"}
    assert written(site, "posts/author.md")["author"] == "Smith, John"
    assert f"{content}/bad.md:2: date: cannot read `someday` as a date; it is not imported" in result.stdout


def test_the_redirect_map_never_replaces_an_imported_post(site: Site, tmp_path: Path):
    config = base_config()
    config["use_directory_urls"] = False
    site.configure(config)
    content = tmp_path / "content"
    pelican_article(content, "a.md", "Title: A\nDate: 2010-01-01\nTags: b2b")
    pelican_article(content, "e.md", "Title: E\nDate: 2010-01-02\nTags: b2b\nURL: /posts/a.html")
    pelican_article(content, "d.md", "Title: D\nDate: 2010-01-03\nTags: b2b\nURL: /posts/d.html")
    result = site.contenthub("import", "pelican", str(content))
    assert "posts/e.md: redirect_from: the old URL `/posts/a.html` is `posts/a.md`'s" in result.stdout
    assert "redirect_maps" not in result.stdout  # d is at its old address: nothing to redirect


def test_pelican_links_in_html_and_raw_liquid_never_publish_broken(site: Site, tmp_path: Path):
    content = tmp_path / "content"
    html = '<img src="{static}/images/p.png"> <a href="{filename}/missing.md">m</a>\n'
    pelican_article(content, "h.md", "Title: H\nDate: 2010-01-01\nTags: b2b", html)
    result = site.contenthub("import", "pelican", str(content))
    assert "posts/h.md:9: `{static}` in an HTML attribute: the hub reads these links in Markdown only" in result.stdout
    assert written(site, "posts/h.md")["draft"] is True
    body = "{% raw %}{% youtube abcdefghijk %}{% endraw %}\n\n{% raw %}`{% youtube x %}`{% endraw %}\n"
    raw = jekyll_post(tmp_path / "_posts", "2011-01-01-raw.md", "title: Raw\ntags: [b2b]", body)
    assert site.contenthub("import", "jekyll", str(raw)).returncode == 0
    text = (site.docs / "posts/raw.md").read_text(encoding="utf-8")
    assert "{&#37; youtube abcdefghijk %}" in text and "`{% youtube x %}`" in text
    site.build("--strict")
    assert "{% youtube abcdefghijk %}" in content_text(site, "posts/raw/")


def content_text(site: Site, url: str) -> str:
    return content(site.html(url)).get_text()


def test_plain_text_urls_lists_and_names_as_written(site: Site, tmp_path: Path):
    text = tmp_path / "2012-01-01-urls.txt"
    text.write_text(
        "Links\n\n“see https://example.com/x” and (https://example.com/z.) and https://example.com/y…\n\n"
        "• one\n1. first\n2) second\n\nWe said:\n— A. Person\na) alpha\nb) beta\n",
        encoding="utf-8",
    )
    site.contenthub("import", "text", str(text), "--market", "B2B")
    soup = BeautifulSoup(markdown.markdown(written(site, "posts/links.md").content), "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://example.com/x",
        "https://example.com/z",
        "https://example.com/y",
    ]
    assert [li.get_text() for li in soup.select("ul li")] == ["one"]
    assert [li.get_text() for li in soup.select("ol li")] == ["first", "second"]
    assert [p.get_text() for p in soup.find_all("p")][-4:] == ["We said:", "— A. Person", "a) alpha", "b) beta"]
    for name, title in (("a.txt", "Русский"), ("b.txt", "中文标题")):
        (tmp_path / name).write_text(f"{title}\n\nText.\n", encoding="utf-8")
        result = site.contenthub("import", "text", str(tmp_path / name), "--date", "2012-01-01", "--market", "B2B")
        assert result.returncode == 0, result.stdout
    assert written(site, "posts/a.md")["title"] == "Русский" and written(site, "posts/b.md")["title"] == "中文标题"


def test_map_keys_match_in_any_case_and_one_no_post_has_is_said(site: Site, tmp_path: Path):
    content = tmp_path / "content"
    pelican_article(content, "s.md", "Title: S\nDate: 2010-01-01\nTags: b2b\nSection: LinkedIn")
    result = site.contenthub("import", "pelican", str(content), "--map", "Section=channel", "--map", "Topic=audience")
    assert written(site, "posts/s.md")["channel"] == ["LinkedIn"]
    assert "--map: `--map topic=…`: no post has the key `topic`" in result.stdout and result.returncode == 1


def shown(lines: list[str]) -> list[str]:
    """The blocks a reader sees, each as its text: what `to_markdown` of `lines` renders to."""
    soup = BeautifulSoup(markdown.markdown(to_markdown(lines)), "html.parser")
    return [" ".join(tag.get_text().split()) for tag in soup.find_all(["p", "h2", "li"])]


def test_plain_text_numbers_comments_wrapped_lines_and_headings_as_a_reader_expects():
    # A countdown keeps its numbers; Markdown would number it 1 to 3.
    assert shown(["Before.", "", "  3. Third.", "  2. Second.", "  1. First."]) == [
        "Before.", "3. Third.", "2. Second.", "1. First."
    ]  # fmt: skip
    # Short comments, one a line, each ending a sentence: a paragraph each.
    assert shown(["Not deals, no.", "We tried it for a year. Nothing.", "Great thread, thanks all!"]) == [
        "Not deals, no.", "We tried it for a year. Nothing.", "Great thread, thanks all!"
    ]  # fmt: skip
    # Hard-wrapped prose stays one paragraph, a long URL on a line of its own and a dash that goes on included.
    url = "http://example.com/research/2011/" + "a" * 80 + ".html"
    wrapped = ["The study that changed", "our minds is here:", url, "and it is worth reading, advice that lands badly"]
    assert shown([*wrapped, "- at least with engineers."]) == [
        f"The study that changed our minds is here: {url} and it is worth reading, advice that lands badly"
        " - at least with engineers."
    ]  # fmt: skip
    # A title-case line between paragraphs is a heading, its small words in lower case.
    html = markdown.markdown(to_markdown(["Intro.", "", "Working with the Sales Team", "", "Text."]))
    assert "<h2>Working with the Sales Team</h2>" in html


def test_a_long_first_line_taken_for_a_title_is_said(site: Site, tmp_path: Path):
    thread = tmp_path / "2010-01-01-thread.txt"
    thread.write_text("x" * 130 + ".\nA reply.\n", encoding="utf-8")
    result = site.contenthub("import", "text", str(thread), "--market", "B2B")
    assert "the first line, 131 characters, is the title: if it is text, use --title" in result.stdout


def test_wrapped_prose_lists_over_blank_lines_and_one_line_comments_stay_as_written():
    # Two lines that each end a sentence are still one paragraph; three such lines are a thread.
    assert shown(["I went to the store on Monday.", "Then I came home and cooked."]) == [
        "I went to the store on Monday. Then I came home and cooked."
    ]
    # A list numbered over blank lines is one list, and an item's sentence may go on, unindented.
    html = markdown.markdown(to_markdown(["1. Pack the car.", "", "2. Drive north, which took", "most of a day.",
                                          "", "3. Come back."]))  # fmt: skip
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("ol")) == 1
    assert [" ".join(li.get_text().split()) for li in soup.find_all("li")] == [
        "Pack the car.", "Drive north, which took most of a day.", "Come back."
    ]  # fmt: skip
    # A one-line comment between paragraphs is no heading, small words or not.
    for comment in ("Thanks for this", "Love this", "Agree with that"):
        assert "<h2>" not in markdown.markdown(to_markdown(["Intro.", "", comment, "", "More."]))


def test_a_slug_yaml_reads_as_a_date_is_checked_as_the_hub_reads_it(site: Site, tmp_path: Path):
    folder = tmp_path / "_posts"
    jekyll_post(folder, "2011-01-01-alpha.md", "title: Alpha\ntags: [b2b]\nslug: 2010-05-04")
    jekyll_post(folder, "2011-01-02-beta.md", "title: Beta\ntags: [b2b]\nslug: 2010-05-04")
    result = site.contenthub("import", "jekyll", str(folder))
    assert f"{folder}/2011-01-02-beta.md:4: slug: its URL, `posts/2010-05-04/`, is `posts/alpha.md`'s" in result.stdout
    assert written(site, "posts/beta.md")["draft"] is True
    site.build("--strict")


def test_html_links_inside_code_are_code(site: Site, tmp_path: Path):
    content = tmp_path / "content"
    body = 'Markup:\n\n    <img src="{static}/images/logo.png">\n\nand `<a href="{filename}/other.md">`.\n'
    pelican_article(content, "c.md", "Title: C\nDate: 2010-01-01\nTags: b2b", body)
    result = site.contenthub("import", "pelican", str(content))
    assert result.returncode == 0, result.stdout
    assert "draft" not in written(site, "posts/c.md").metadata
