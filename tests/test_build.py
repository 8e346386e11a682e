"""Real `mkdocs build` runs of small sites in temp folders."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from conftest import Site, base_config, content, front_matter, listed_titles

FACETS = {
    "market": {"required": True, "values": {"B2B": {"description": "Selling to businesses."}, "B2C": {}}},
    "channel": {"weight": 2, "values": ["LinkedIn", "Twitter", "Email"]},
    "audience": {"values": ["Executives", "Marketers"]},
}


@pytest.fixture
def hub(site: Site) -> Site:
    site.configure(facets=FACETS, timezone="Europe/Paris")
    site.post("linkedin-for-b2b", date="2024-03-01", market="b2b", channel=["LinkedIn"], audience=["Marketers"])
    site.post(
        "twitter-and-email",
        date="2024-04-01",
        market=["B2B", "B2C"],
        channel=["twitter", "email"],
        description="Two channels compared.",
    )
    site.post(
        "executives",
        date="2024-02-01",
        market="B2C",
        audience="executives",
        body="# Executives\n\nWhy the **boardroom** cares.\n\n<!-- more -->\n\nThe rest.\n",
    )
    site.post("a-draft", date="2024-05-01", market="B2B", channel="LinkedIn", draft=True)
    site.write("posts/index.md", "# All posts\n\nThe posts folder's own landing page.\n")
    return site


def test_every_value_gets_a_page_with_its_posts_newest_first(hub: Site):
    hub.build()
    b2b = hub.html("market/b2b/")
    assert b2b.title.get_text().startswith("B2B")
    article = content(b2b)
    assert article.h1.get_text(strip=True).startswith("B2B")
    assert "Selling to businesses." in article.get_text()
    assert "2 posts tagged Market: B2B" in article.get_text(" ", strip=True)
    assert listed_titles(b2b) == ["Twitter And Email", "Linkedin For B2B"]
    first = b2b.select_one(".ch-listing .ch-card")
    assert first.time["datetime"] == "2024-04-01T00:00:00+02:00"
    assert first.time.get_text() == "April 1, 2024"  # English as Babel writes it (CLDR), as the browser does
    assert first.select_one(".ch-card__excerpt").get_text() == "Two channels compared."
    chips = [a.get_text(" ", strip=True) for a in first.select(".ch-chip")]
    assert chips == ["Market B2B", "Market B2C", "Channel Twitter", "Channel Email"]
    assert listed_titles(hub.html("market/b2c/")) == ["Twitter And Email", "Executives"]
    assert listed_titles(hub.html("audience/marketers/")) == ["Linkedin For B2B"]
    assert listed_titles(hub.html("audience/executives/")) == ["Executives"]
    # A value no post uses still gets its page, saying so.
    hub.configure(facets={**FACETS, "audience": {"values": ["Executives", "Marketers", "Sales"]}})
    hub.build()
    empty = content(hub.html("audience/sales/"))
    assert "0 posts tagged Audience: Sales" in empty.get_text(" ", strip=True)
    assert "No posts carry this value yet." in empty.get_text()


def test_excerpts_come_from_more_marker_description_or_first_paragraph(hub: Site):
    hub.build()
    excerpts = {
        card.select_one(".ch-card__title").get_text(strip=True): card.select_one(".ch-card__excerpt").get_text()
        for card in hub.html("market/b2c/").select(".ch-card")
    }
    assert excerpts == {
        "Executives": "Why the boardroom cares.",
        "Twitter And Email": "Two channels compared.",
    }
    assert hub.html("market/b2b/").select(".ch-card__excerpt")[1].get_text() == "A first paragraph."


def test_drafts_are_left_out_of_the_build(hub: Site):
    hub.build()
    assert not hub.exists("posts/a-draft/")
    assert "A Draft" not in (hub.out / "market/b2b/index.html").read_text()
    index = json.loads((hub.out / "knowledge-base/posts.json").read_text())
    assert "posts/a-draft/" not in [row[0] for row in index["posts"]]


def test_posts_and_hub_pages_stay_out_of_the_nav(hub: Site):
    hub.build()
    nav = hub.html("").select_one("nav.md-nav--primary")
    links = [a.get("href") for a in nav.select("a")]
    assert "posts/" in links, "the posts folder's own landing page is an ordinary page"
    assert not [link for link in links if link.startswith(("posts/", "market/")) and link != "posts/"]


def test_post_pages_show_chips_linking_to_value_pages_and_related_posts(hub: Site):
    hub.build()
    page = hub.html("posts/linkedin-for-b2b/")
    meta = content(page).select_one(".ch-post-meta")
    assert meta.find_previous("h1") is not None, "chips sit under the title"
    chips = {a.get_text(" ", strip=True): a["href"] for a in meta.select(".ch-chip")}
    assert chips == {
        "Market B2B": "../../market/b2b/",
        "Channel LinkedIn": "../../channel/linkedin/",
        "Audience Marketers": "../../audience/marketers/",
    }
    related = [a.get_text() for a in page.select(".ch-related li a")]
    assert related == ["Twitter And Email"]  # shares B2B; the executives post shares nothing


def test_facets_page_counts_values_and_crosses_two_facets(hub: Site):
    hub.build()
    page = content(hub.html("facets/"))
    counts = {li.a.get_text(): li.select_one(".ch-values__count").get_text() for li in page.select(".ch-values li")}
    assert counts["B2B"] == "2 posts" and counts["Executives"] == "1 post" and counts["Email"] == "1 post"
    table = page.select_one("table.ch-coverage__table")
    header = [th.get_text(strip=True) for th in table.thead.select("th")]
    assert header == ["LinkedIn", "Twitter", "Email"]
    cells = {}
    for row in table.tbody.select("tr"):
        for column, cell in zip(header, row.select("td"), strict=True):
            cells[(row.th.get_text(strip=True), column)] = cell
    assert {key: int(cell.a.get_text()) for key, cell in cells.items()} == {
        ("B2B", "LinkedIn"): 1,
        ("B2B", "Twitter"): 1,
        ("B2B", "Email"): 1,
        ("B2C", "LinkedIn"): 0,
        ("B2C", "Twitter"): 1,
        ("B2C", "Email"): 1,
    }
    link = urlparse(cells[("B2C", "Twitter")].a["href"])
    assert link.path == "../knowledge-base/"
    assert parse_qs(link.query) == {"market": ["b2c"], "channel": ["twitter"]}
    assert "ch-heat--0" in cells[("B2C", "LinkedIn")]["class"]


def test_knowledge_base_page_and_its_index(hub: Site):
    hub.build()
    page = content(hub.html("knowledge-base/"))
    root = page.select_one("[data-contenthub-kb]")
    assert (
        urljoin("https://hub.test/knowledge-base/", root["data-index"]) == "https://hub.test/knowledge-base/posts.json"
    )
    legends = [fieldset.legend.get_text() for fieldset in root.select("fieldset")]
    assert legends == ["Market", "Channel", "Audience"]
    assert [box["value"] for box in root.select("fieldset[data-facet=channel] input")] == [
        "linkedin",
        "twitter",
        "email",
    ]
    # Without JavaScript: every post, and every value page, listed inside <noscript>.
    fallback = root.noscript.decode_contents()
    assert fallback.count("posts/") == 3 and "../market/b2b/" in fallback
    index = json.loads((hub.out / "knowledge-base/posts.json").read_text())
    assert [row[:3] for row in index["posts"]] == [
        ["posts/twitter-and-email/", "Twitter And Email", "2024-04-01"],
        ["posts/linkedin-for-b2b/", "Linkedin For B2B", "2024-03-01"],
        ["posts/executives/", "Executives", "2024-02-01"],
    ]
    script = hub.html("").find("script", src=re.compile("contenthub.js"))
    assert script is not None and script.has_attr("defer")


def test_every_internal_link_and_asset_resolves(hub: Site):
    hub.build()
    broken = _broken_links(hub)
    assert broken == []


def test_directory_urls_off_still_links_everything(hub: Site):
    config = base_config(facets=FACETS)
    config["use_directory_urls"] = False
    hub.configure(config)
    hub.build()
    assert (hub.out / "market/b2b.html").is_file()
    assert _broken_links(hub) == []
    index = json.loads((hub.out / "knowledge-base/posts.json").read_text())
    assert index["facets"][0]["values"][0][2] == "market/b2b.html"


def test_an_authors_own_value_page_gets_the_listing_appended(hub: Site):
    hub.write("market/b2b.md", "# Business to business\n\nOur own introduction.\n")
    hub.build()
    article = content(hub.html("market/b2b/"))
    assert article.h1.get_text(strip=True).startswith("Business to business")
    assert "Our own introduction." in article.get_text()
    assert listed_titles(hub.html("market/b2b/")) == ["Twitter And Email", "Linkedin For B2B"]


def test_two_builds_are_byte_identical(hub: Site):
    outputs = []
    for _ in range(2):
        hub.build()
        outputs.append(
            {
                path.relative_to(hub.out).as_posix(): path.read_bytes()
                for path in hub.out.rglob("*")
                if path.is_file() and not path.name.startswith("sitemap")
            }
        )
    assert outputs[0] == outputs[1]


def test_content_problems_are_warnings_that_name_file_line_field_and_fix(hub: Site):
    hub.post("typo", market="B2B", channel=["Linkdin", "Twitter"])
    hub.write("posts/broken.md", "---\ntitle: Broken\ndate: 2024-01-01\nmarket: [B2B\n---\n\nText.\n")
    result = hub.build()
    log = result.stderr
    assert (
        "WARNING -  contenthub: posts/typo.md:6: channel: unknown value `Linkdin`; it is left out "
        "(did you mean `LinkedIn`?)"
    ) in log
    assert "posts/broken.md:5: front matter: invalid YAML" in log
    assert "Traceback" not in log
    # The rest of the post is kept, the bad value is not guessed.
    assert "Typo" in listed_titles(hub.html("channel/twitter/"))
    assert "Typo" not in listed_titles(hub.html("channel/linkedin/"))
    assert hub.exists("posts/broken/"), "MkDocs still builds the page; it is only left out of the hub"
    assert "Broken" not in (hub.out / "knowledge-base/posts.json").read_text()


@pytest.mark.parametrize("how", ["--strict", "plugin"])
def test_strict_mode_fails_the_build_cleanly(hub: Site, how: str):
    hub.post("typo", market="B2B", channel="Linkdin")
    if how == "plugin":
        hub.configure(facets=FACETS, strict=True)
        result = hub.build(check=False)
    else:
        result = hub.build("--strict", check=False)
    assert result.returncode == 1
    assert "posts/typo.md:5: channel: unknown value `Linkdin`" in result.stderr
    assert "1 problem in the settings and posts, listed above" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_errors_point_at_the_mkdocs_yml_line_and_stop_the_build(hub: Site):
    (hub.root / "mkdocs.yml").write_text(
        "site_name: Test\n"
        "theme: {name: material}\n"
        "plugins:\n"
        "  - contenthub/taxonomy:\n"
        "      timezone: Mars/Base\n"
        "      facets:\n"
        "        Market:\n"
        "          values: [B2B]\n",
        encoding="utf-8",
    )
    result = hub.build(check=False)
    assert result.returncode == 1
    err = result.stderr
    assert "mkdocs.yml:7: plugins.contenthub/taxonomy.facets.Market: facet id `Market` is used in URLs" in err
    assert "(rename it to `market`)" in err
    assert "mkdocs.yml:5: plugins.contenthub/taxonomy.timezone: unknown timezone `Mars/Base`" in err
    assert "Traceback" not in err


def test_dirty_rebuild_also_updates_an_authors_own_hub_page(hub: Site):
    hub.write("market/b2c.md", "# Consumers\n\nOur own introduction.\n")
    hub.build()
    assert listed_titles(hub.html("market/b2c/")) == ["Twitter And Email", "Executives"]
    hub.post("linkedin-for-b2b", date="2024-03-01", market="b2c", channel=["LinkedIn"])
    hub.build("--dirty")
    assert listed_titles(hub.html("market/b2c/")) == ["Twitter And Email", "Linkedin For B2B", "Executives"]
    assert "Our own introduction." in hub.html("market/b2c/").get_text()


def test_dirty_rebuild_keeps_counts_and_related_posts_right(hub: Site):
    hub.build()
    assert listed_titles(hub.html("channel/email/")) == ["Twitter And Email"]
    # Move a post from LinkedIn to Email: the value pages and the *other* post's related list change.
    hub.post("linkedin-for-b2b", date="2024-03-01", market="b2c", channel=["Email"], audience=["Marketers"])
    hub.build("--dirty")
    assert listed_titles(hub.html("channel/email/")) == ["Twitter And Email", "Linkedin For B2B"]
    assert listed_titles(hub.html("channel/linkedin/")) == []
    assert "0 posts" in hub.html("channel/linkedin/").select_one(".ch-listing__count").get_text()
    related = [a.get_text() for a in hub.html("posts/executives/").select(".ch-related li a")]
    assert related == ["Twitter And Email", "Linkedin For B2B"], "an unchanged post's related list follows"
    index = json.loads((hub.out / "knowledge-base/posts.json").read_text())
    assert len(index["posts"]) == 3


def _broken_links(site: Site) -> list[str]:
    """Every href/src in every built page that points inside the site but at no file."""
    broken = []
    for page in site.out.rglob("*.html"):
        if page.name == "404.html":
            continue  # served at any path, so Material links it from the site root
        text = page.read_text(encoding="utf-8")
        base = "file://" + page.as_posix()
        for link in re.findall(r'(?:href|src)="([^"]+)"', text):
            target = urlparse(urljoin(base, link))
            if target.scheme != "file":
                continue
            path = target.path
            if path.endswith("/"):
                path += "index.html"
            if (
                not path.startswith(site.out.as_posix())
                or not (site.out / path[len(site.out.as_posix()) + 1 :]).exists()
            ):
                broken.append(f"{page.relative_to(site.out)} -> {link}")
    return sorted(set(broken))


def test_html_in_labels_descriptions_and_titles_stays_text(site: Site):
    site.configure(
        facets={
            "market": {
                "values": {
                    "B2B <img src=x onerror=alert(1)>": {
                        "slug": "b2b",
                        "description": "Sells <script>alert(2)</script> *well*",
                    }
                }
            }
        }
    )
    site.post("hostile", title="<script>alert(3)</script> & more", market="b2b")
    site.build()
    for url in ("market/b2b/", "posts/hostile/", "facets/", "knowledge-base/"):
        page = (site.out / url / "index.html").read_text(encoding="utf-8")
        assert "<script>alert" not in page and "<img src=x" not in page, url
    value_page = site.html("market/b2b/")
    assert value_page.title.get_text().startswith("B2B <img src=x onerror=alert(1)>")
    assert "Sells <script>alert(2)</script> well" in content(value_page).get_text(" ", strip=True)
    assert content(value_page).find("em").get_text() == "well", "the description's Markdown still works"
    post = site.html("posts/hostile/")
    assert content(post).h1.get_text(strip=True).startswith("<script>alert(3)</script> & more")
    index = (site.out / "knowledge-base/posts.json").read_text(encoding="utf-8")
    assert not set("<>&") & set(index), "the index stays inert if a page inlines it"
    assert json.loads(index)["posts"][0][1] == "<script>alert(3)</script> & more"


def test_the_hub_reads_front_matter_as_written_whatever_later_plugins_do_to_it(hub: Site):
    """Another plugin's `on_page_markdown` (a hook here, after the taxonomy's) edits the parsed front
    matter in place: the hub still has each post as its author wrote it."""
    hub.write(
        "../hooks.py",
        """
        def on_page_markdown(markdown, page, **kwargs):
            for key in ("market", "channel", "audience"):
                found = page.meta.get(key)
                if isinstance(found, list):
                    found[:] = ["#" + value for value in found]
                elif isinstance(found, str):
                    page.meta[key] = "#" + found
            page.meta["title"] = "Renamed"
            return markdown
        """,
    )
    config = base_config(facets=FACETS, timezone="Europe/Paris")
    hub.configure({**config, "hooks": ["hooks.py"]})
    result = hub.build("--strict")
    assert "unknown" not in result.stderr
    assert listed_titles(hub.html("channel/linkedin/")) == ["Linkedin For B2B"]
    assert listed_titles(hub.html("market/b2b/")) == ["Twitter And Email", "Linkedin For B2B"]


def test_a_post_that_is_not_utf8_is_reported_and_left_out_without_a_traceback(hub: Site):
    (hub.docs / "posts/latin1.md").write_bytes(b"---\ntitle: Caf\xe9\ndate: 2024-01-02\nmarket: B2B\n---\nx\n")
    result = hub.build()
    assert "posts/latin1.md:2: cannot read the file: it is not UTF-8: byte 0xE9 at column 11" in result.stderr
    assert "Traceback" not in result.stderr
    assert not hub.exists("posts/latin1/") and hub.exists("posts/executives/")


def test_settings_and_post_problems_are_reported_together(hub: Site):
    hub.configure(facets=FACETS, timezone="Mars/Olympus")
    hub.post("typo", market="B2X")
    result = hub.build(check=False)
    assert result.returncode == 1
    assert "timezone: unknown timezone `Mars/Olympus`" in result.stderr
    assert "posts/typo.md:4: market: unknown value `B2X`" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_posts_folder_is_a_warning_on_its_mkdocs_yml_line(site: Site):
    (site.root / "mkdocs.yml").write_text(
        "site_name: x\ntheme: {name: material}\nplugins:\n  - contenthub/taxonomy:\n      posts_dir: blog\n",
        encoding="utf-8",
    )
    result = site.build()
    assert (
        "mkdocs.yml:5: posts_dir: there is no `blog/` folder in the docs folder, so the hub has no posts"
    ) in result.stderr


def test_settings_in_an_inherited_file_are_pointed_at_there(site: Site):
    (site.root / "base.yml").write_text(
        "site_name: x\ntheme: {name: material}\nplugins:\n  - contenthub/taxonomy:\n"
        "      facets:\n        market:\n          values:\n            '+++': {}\n            B2B: {}\n",
        encoding="utf-8",
    )
    (site.root / "mkdocs.yml").write_text("INHERIT: base.yml\n", encoding="utf-8")
    result = site.build()
    assert "base.yml:8: plugins.contenthub/taxonomy.facets.market.values.+++: `+++` has no usable URL slug" in (
        result.stderr
    )


def test_symbolic_links_that_loop_or_lead_nowhere_are_reported_and_left_out(hub: Site):
    (hub.docs / "posts/loop").symlink_to(".")
    (hub.docs / "posts/gone.md").symlink_to("missing.md")
    (hub.docs / "img").mkdir()
    (hub.docs / "img/gone.png").symlink_to("nowhere.png")  # not a page: MkDocs copies it, or stops trying
    (hub.docs / "img/chart.png").write_bytes(b"png")
    result = hub.build(check=False)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    for line in (
        "posts/loop: symbolic link to `.`, which leads back to itself or a folder that holds it; "
        "it is left out of the site (remove the link)",
        "posts/gone.md: symbolic link to `missing.md`, which does not exist; it is left out of the site "
        "(point it at a file that exists, or remove it)",
        "img/gone.png: symbolic link to `nowhere.png`, which does not exist; it is left out of the site",
    ):
        assert line in result.stderr
    assert hub.exists("posts/executives/") and hub.exists("img/chart.png")
    assert not hub.exists("posts/loop/executives/") and not (hub.out / "posts/loop").exists()
    urls = [row[0] for row in json.loads((hub.out / "knowledge-base/posts.json").read_text())["posts"]]
    assert sorted(urls) == ["posts/executives/", "posts/linkedin-for-b2b/", "posts/twitter-and-email/"]
    assert hub.build("--strict", check=False).returncode == 1


def test_two_looping_links_stop_the_build_and_the_check_at_once_instead_of_walking_without_end(hub: Site):
    # MkDocs' own walk would go through each link inside the other, 40 levels deep: 2^40 folders.
    (hub.docs / "posts/a").symlink_to(".")
    (hub.docs / "posts/b").symlink_to("..")
    result = hub.build(check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for link, target in (("posts/a", "."), ("posts/b", "..")):
        assert (
            f"{link}: symbolic link to `{target}`, which leads back to itself or a folder that holds it; "
            "with 1 more such link, MkDocs would walk the docs folder without end, so nothing is built "
            "(remove the link)"
        ) in result.stderr
    checked = hub.contenthub("check")
    assert checked.returncode == 1 and "posts/a: symbolic link" in checked.stdout and "posts/b:" in checked.stdout


DUPLICATE = (
    "posts/dup/index.md: `posts/dup.md` has the same URL, `posts/dup/`, and is kept, as the first by file path; "
    "this post is left out of the hub and the site (rename or move one of them)"
)
UNDER_HUB_PAGE = (
    "posts/README.md: `posts/index.md` (a page contenthub/taxonomy makes) has the same URL, `posts/`, and keeps it, "
    "as a page that is not a post; this post is left out of the hub and the site (rename or move the post)"
)


def test_two_posts_at_one_url_are_reported_and_only_the_first_by_file_path_is_kept(hub: Site):
    config = base_config(facets=FACETS, timezone="Europe/Paris")
    config["plugins"].append("contenthub/syndication")
    hub.configure(config)
    hub.post("dup", title="Flat", market="B2B", channel="LinkedIn")
    hub.write("posts/dup/index.md", front_matter(title="Folder", date="2024-06-01", market="B2C") + "\nFolder.\n")
    result = hub.build(check=False)
    assert result.returncode == 0 and DUPLICATE in result.stderr, result.stderr
    assert content(hub.html("posts/dup/")).h1.get_text(strip=True).startswith("Flat")
    rows = json.loads((hub.out / "knowledge-base/posts.json").read_text())["posts"]
    assert [row[1] for row in rows if row[0] == "posts/dup/"] == ["Flat"]
    items = json.loads((hub.out / "feed.json").read_text())["items"]
    assert [item["title"] for item in items if item["url"].endswith("/posts/dup/")] == ["Flat"]
    assert "Folder" not in listed_titles(hub.html("market/b2c/"))
    assert hub.build("--strict", check=False).returncode == 1


def test_a_post_at_a_hub_page_url_gives_way_to_the_page(site: Site):
    site.configure(facets=FACETS, facets_page="posts/index")
    site.post("one", market="B2B")
    site.write("posts/README.md", front_matter(title="Readme", date="2024-02-01", market="B2B") + "\nText.\n")
    result = site.build(check=False)
    assert UNDER_HUB_PAGE in result.stderr, result.stderr
    assert site.html("posts/").select_one(".ch-facets") is not None, "the facet overview is at posts/"
    rows = json.loads((site.out / "knowledge-base/posts.json").read_text())["posts"]
    assert [row[1] for row in rows] == ["One"]


def test_under_dirty_a_post_at_the_feeds_page_url_gives_way_too(site: Site):
    """Under --dirty the hub is read in on_files: the other plugins' pages must be there by then."""
    config = base_config(facets=FACETS)
    config["plugins"].append({"contenthub/syndication": {"feeds_page": "posts/feeds"}})
    site.configure(config)
    site.post("one", market="B2B")
    site.write("posts/feeds/README.md", front_matter(title="Feeds post", date="2024-02-01", market="B2B") + "\nx\n")
    for args in ((), ("--dirty",)):
        result = site.build(*args, check=False)
        assert (
            "posts/feeds/README.md: `posts/feeds.md` (a page contenthub/syndication makes) has the same URL, "
            "`posts/feeds/`, and keeps it"
        ) in result.stderr, args
        rows = json.loads((site.out / "knowledge-base/posts.json").read_text())["posts"]
        assert [row[1] for row in rows] == ["One"], args
