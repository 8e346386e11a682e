"""Posts with Pelican's `Key: value` header read as Pelican reads them (and the same keys in YAML front
matter): Modified, Summary, Status, Authors, Category and Tags, the list rule, dates from file names and
Pelican's summary markers. Real builds, with syndication on."""

from __future__ import annotations

import json

import pytest

from conftest import Site, base_config

FACETS = {
    "market": {"values": ["B2B", "B2C"]},
    "channel": {"key": "tags", "values": ["LinkedIn", "Twitter", "Email"]},
}

SURVEY = """\
Title: Our survey of buyers
Date: 2024-05-01 10:00
Modified: 2024-06-02
Category: B2B
Tags: LinkedIn; Twitter
Authors: Ann Lee; Bo Chen
Summary: What *buyers* told us.
Status: published

The survey went out in April.
"""


def pelican_site(site: Site) -> None:
    config = base_config(facets=FACETS)
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    site.write("posts/survey.md", SURVEY)


def index_urls(site: Site) -> list[str]:
    return [row[0] for row in json.loads((site.out / "knowledge-base/posts.json").read_text())["posts"]]


def test_a_pelican_header_gives_the_title_dates_authors_summary_and_facets(site: Site):
    pelican_site(site)
    site.build("--strict")
    card = site.html("market/b2b/").select_one(".ch-card")
    assert card.select_one(".ch-card__title").get_text(strip=True) == "Our survey of buyers"
    assert card.select_one(".ch-card__excerpt").get_text(strip=True) == "What buyers told us."
    assert [chip.get_text(" ", strip=True) for chip in card.select("[data-ch-chip]")] == [
        "Market B2B",
        "Channel LinkedIn",
        "Channel Twitter",
    ]
    meta = site.html("posts/survey/").select_one(".ch-post-meta")
    times = [time["datetime"] for time in meta.select("time")]
    assert times[0].startswith("2024-05-01T10:00") and times[1].startswith("2024-06-02")
    assert "Ann Lee, Bo Chen" in meta.get_text()
    page = site.html("posts/survey/")
    assert page.select_one('meta[name="description"]')["content"] == "What buyers told us."
    item = json.loads((site.out / "feed.json").read_text())["items"][0]
    assert (item["summary"], item["authors"]) == ("What buyers told us.", [{"name": "Ann Lee, Bo Chen"}])
    assert item["date_modified"].startswith("2024-06-02")


def test_the_same_keys_mean_the_same_in_yaml_front_matter_and_lists_split_on_semicolons_first(site: Site):
    site.configure(base_config(facets=FACETS))
    site.post(
        "yaml",
        market="B2C",
        tags="Email; LinkedIn",
        authors=["Cy Dee", "Di Eve"],
        summary="The summary, with a comma.",
        modified="2024-02-03",
    )
    site.build("--strict")
    card = site.html("market/b2c/").select_one(".ch-card")
    assert card.select_one(".ch-card__excerpt").get_text(strip=True) == "The summary, with a comma."
    assert [chip.get_text(" ", strip=True) for chip in card.select("[data-ch-chip]")][1:] == [
        "Channel LinkedIn",
        "Channel Email",
    ]
    meta = site.html("posts/yaml/").select_one(".ch-post-meta")
    assert "Cy Dee, Di Eve" in meta.get_text() and len(meta.select("time")) == 2


def test_a_hidden_post_is_built_but_out_of_listings_feeds_and_the_knowledge_base(site: Site):
    pelican_site(site)
    site.write("posts/secret.md", SURVEY.replace("Our survey", "Secret survey").replace("published", "hidden"))
    site.write("posts/unfinished.md", SURVEY.replace("Our survey", "Unfinished").replace("published", "draft"))
    site.build("--strict")
    assert site.exists("posts/secret/") and not site.exists("posts/unfinished/")
    for url in ("market/b2b/", "channel/linkedin/"):
        text = site.html(url).get_text()
        assert "Our survey" in text and "Secret" not in text and "Unfinished" not in text
    for feed in ("rss.xml", "atom.xml", "feed.json", "market/b2b/rss.xml"):
        text = (site.out / feed).read_text()
        assert "Our survey" in text and "Secret" not in text and "Unfinished" not in text, feed
    assert index_urls(site) == ["posts/survey/"]


def test_an_unknown_status_is_a_problem_at_its_line_and_materials_own_are_left_alone(site: Site):
    pelican_site(site)
    site.write("posts/odd.md", SURVEY.replace("Our survey", "Odd").replace("published", "archived"))
    site.post("material", market="B2C", status="new")
    result = site.build("--strict", check=False)
    assert result.returncode != 0
    assert "posts/odd.md:8: status: unknown status `archived`; the post is published" in result.stderr
    assert "posts/material.md" not in result.stderr and "Traceback" not in result.stderr


def test_a_date_comes_from_a_dated_file_name_and_pelicans_summary_markers_make_the_excerpt(site: Site):
    site.configure(base_config(facets=FACETS))
    site.write(
        "posts/2024-03-02-dated.md",
        "---\ntitle: Dated\nmarket: B2B\n---\n\nNot this.\n\n<!-- PELICAN_BEGIN_SUMMARY -->\n\nJust *this* part."
        "\n\n<!-- PELICAN_END_SUMMARY -->\n\nNor this.\n",
    )
    site.build("--strict")
    card = site.html("market/b2b/").select_one(".ch-card")
    assert card.select_one("time")["datetime"].startswith("2024-03-02")
    assert card.select_one(".ch-card__excerpt").get_text(strip=True) == "Just this part."


def test_a_slug_is_the_posts_url_links_and_listings_follow_it_and_a_clash_or_bad_slug_is_reported(site: Site):
    pelican_site(site)
    site.write("posts/survey.md", SURVEY.replace("Status: published", "Slug: buyers-2024\nStatus: published"))
    site.post("zz-later", market="B2B", slug="buyers-2024", body="Same place.\n")
    site.post("bad", market="B2C", slug="a/b", body="See [the survey]({filename}survey.md).\n")
    result = site.build(check=False)
    assert site.exists("posts/buyers-2024/") and not site.exists("posts/survey/")
    assert site.html("market/b2b/").select_one(".ch-card a")["href"] == "../../posts/buyers-2024/"
    assert site.html("posts/bad/").select_one("article a[href='../buyers-2024/']") is not None
    assert json.loads((site.out / "feed.json").read_text())["items"][0]["url"].endswith("/posts/buyers-2024/")
    assert "posts/bad.md:5: slug: `a/b` cannot be a post's URL; the file's name is used" in result.stderr
    assert site.exists("posts/bad/")
    assert "has the same URL, `posts/buyers-2024/`" in result.stderr
    checked = site.contenthub("check")
    assert "posts/bad.md:5: slug: `a/b` cannot be a post's URL" in checked.stdout
    assert "has the same URL, `posts/buyers-2024/`" in checked.stdout and checked.returncode == 1


def test_the_settings_say_which_facets_tags_and_category_go_to_and_a_wrong_name_is_reported(site: Site):
    facets = {"market": {"values": ["B2B", "B2C"]}, "topic": {"values": ["CRM", "Search"]}}
    site.configure(base_config(facets=facets, tag_facet="topic", category_facet="market"))
    site.write(
        "posts/crm.md", "Title: CRM\nDate: 2024-01-01\nCategory: B2C\nTags: CRM; Search\n\nSee [B2C]({category}b2c).\n"
    )
    site.build("--strict")
    chips = [chip.get_text(" ", strip=True) for chip in site.html("market/b2c/").select(".ch-card [data-ch-chip]")]
    assert chips == ["Market B2C", "Topic CRM", "Topic Search"]
    assert site.html("posts/crm/").select_one("article a[href='../../market/b2c/']") is not None
    site.configure(base_config(facets=facets, tag_facet="topc"))
    result = site.build(check=False)
    assert "plugins.contenthub/taxonomy.tag_facet: `topc` is not a declared facet; the default is used" in result.stderr
    assert "did you mean `topic`?" in result.stderr


def test_a_status_draft_in_any_case_is_left_out_of_the_build_as_the_hub_reads_it(site: Site):
    site.configure(base_config(facets=FACETS))
    site.post("shown", market="B2B")
    site.post("capital", market="B2B", status="Draft")
    site.build("--strict")
    assert not site.exists("posts/capital/") and "capital" not in (site.out / "search/search_index.json").read_text()


@pytest.mark.parametrize(
    ("line", "url"),
    [
        ("slug: null", "posts/x/"),
        ("slug: ~", "posts/x/"),
        ("slug: nice  # was: old", "posts/nice/"),
        ("slug: 42", "posts/42/"),
    ],
)
def test_a_slug_is_read_as_yaml_reads_it(site: Site, line: str, url: str):
    site.configure(base_config(facets=FACETS))
    site.write("posts/x.md", f"---\ntitle: X\ndate: 2024-01-01\nmarket: B2B\n{line}\n---\n\nText.\n")
    site.build("--strict")
    assert site.exists(url)


def test_a_readme_slug_and_an_impossible_date_in_a_file_name_are_reported(site: Site):
    site.configure(base_config(facets=FACETS))
    site.write("posts/a.md", "---\ntitle: A\ndate: 2024-01-01\nmarket: B2B\nslug: README\n---\n\nText.\n")
    site.write("posts/2024-02-30-leap.md", "---\ntitle: Leap\nmarket: B2B\n---\n\nText.\n")
    result = site.build(check=False)
    assert "posts/a.md:5: slug: `README` cannot be a post's URL" in result.stderr and site.exists("posts/a/")
    assert "posts/2024-02-30-leap.md:1: date: the file name's date, 2024-02-30, is no day of the calendar" in (
        result.stderr
    )
