import dataclasses
import json
import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from contenthub.model import Post
from contenthub.taxonomy import load_taxonomy
from contenthub.views.coverage import coverage_matrix
from contenthub.views.filter_index import dump_index, filter_index
from contenthub.views.listings import posts_by_value
from contenthub.views.related import related_posts

from conftest import presentation

TAXONOMY, _ = load_taxonomy(
    {
        "market": {"weight": 1, "values": ["B2B", "B2C"]},
        "channel": {"weight": 2, "values": ["LinkedIn", "Twitter", "Blogs", "Email"]},
        "audience": {"weight": 0.5, "values": ["Executives", "Marketers", "Sales"]},
    }
)
START = datetime(2024, 1, 1, tzinfo=UTC)


def make_post(n: int, values: tuple[str, ...], days: int | None = None, draft: bool = False) -> Post:
    return Post(
        src_uri=f"posts/p{n}.md",
        url=f"posts/p{n}/",
        title=f"Post {n}",
        date=START + timedelta(days=n if days is None else days),
        excerpt=f"Excerpt {n}",
        values=tuple(sorted(values, key=TAXONOMY.order)),
        draft=draft,
    )


def random_posts(count: int, seed: int = 7) -> list[Post]:
    rng = random.Random(seed)
    ids = [value.id for value in TAXONOMY.values]
    return [make_post(n, tuple(rng.sample(ids, rng.randint(0, 4))), days=rng.randint(0, 40)) for n in range(count)]


def brute_force_related(posts: list[Post], count: int, taxonomy=TAXONOMY) -> dict[str, list[str]]:
    weight = {value.id: taxonomy.facet(value.facet).weight for value in taxonomy.values}
    answer = {}
    for post in posts:
        scored = []
        for other in posts:
            if other is post:
                continue
            score = sum(weight[v] for v in set(post.values) & set(other.values))
            if score > 0:
                scored.append((-score, -other.date.timestamp(), other.url))
        answer[post.url] = [url for *_, url in sorted(scored)[:count]]
    return answer


def test_related_posts_match_a_brute_force_ranking():
    posts = random_posts(300)
    related = related_posts(posts, TAXONOMY, count=5)
    expected = brute_force_related(posts, 5)
    assert {url: [p.url for p in found] for url, found in related.items()} == expected


def test_related_posts_with_very_many_values_match_a_brute_force_ranking():
    """Past 12 values a post's ranking is scored post by post instead of walking 2^n subsets."""
    taxonomy, _ = load_taxonomy(
        {
            "market": {"weight": 3, "values": ["B2B", "B2C"]},
            "tag": {"weight": 1, "values": [f"t{n}" for n in range(30)]},
        }
    )
    rng = random.Random(3)
    ids = [value.id for value in taxonomy.values]
    posts = [
        Post(
            src_uri=f"posts/p{n}.md",
            url=f"posts/p{n}/",
            title=f"Post {n}",
            date=START + timedelta(days=rng.randint(0, 50)),
            values=tuple(sorted(rng.sample(ids, rng.choice([1, 3, 14, 20, 25])), key=taxonomy.order)),
        )
        for n in range(150)
    ]
    related = related_posts(posts, taxonomy, count=5)
    expected = brute_force_related(posts, 5, taxonomy)
    assert {url: [p.url for p in found] for url, found in related.items()} == expected


def test_related_prefers_heavier_facets_then_recency():
    me = make_post(0, ("market/b2b", "channel/linkedin"))
    same_channel = make_post(1, ("channel/linkedin",))  # weight 2
    same_market_newer = make_post(2, ("market/b2b",))  # weight 1
    same_market_older = make_post(3, ("market/b2b",), days=-5)
    unrelated = make_post(4, ("channel/email",))
    related = related_posts([me, same_channel, same_market_newer, same_market_older, unrelated], TAXONOMY)
    assert [p.url for p in related[me.url]] == [
        same_channel.url,
        same_market_newer.url,
        same_market_older.url,
    ]


def test_listing_has_every_value_newest_first():
    posts = [make_post(1, ("market/b2b",)), make_post(2, ("market/b2b", "channel/email")), make_post(3, ())]
    listing = posts_by_value(posts, TAXONOMY)
    assert [p.url for p in listing["market/b2b"]] == ["posts/p2/", "posts/p1/"]
    assert listing["market/b2c"] == []
    assert set(listing) == {value.id for value in TAXONOMY.values}


def test_same_day_posts_are_ordered_by_url_whatever_the_input_order():
    a, b = make_post(1, ("market/b2b",), days=3), make_post(2, ("market/b2b",), days=3)
    assert posts_by_value([a, b], TAXONOMY) == posts_by_value([b, a], TAXONOMY)


def test_coverage_counts_every_pair():
    posts = random_posts(200)
    coverage = coverage_matrix(posts, TAXONOMY, "market", "channel")
    for (row, column), count in coverage.counts.items():
        assert count == sum(1 for p in posts if row in p.values and column in p.values)
    assert len(coverage.counts) == 2 * 4
    top = max(coverage.counts, key=coverage.counts.get)
    assert coverage.level(*top) == 4
    empty = [cell for cell, count in coverage.counts.items() if count == 0]
    assert all(coverage.level(*cell) == 0 for cell in empty)


def test_filter_index_is_compact_and_complete():
    posts = [*random_posts(50), make_post(99, ("market/b2c",), draft=True)]
    urls = {value.id: f"{value.facet}/{value.slug}/" for value in TAXONOMY.values}
    index = json.loads(dump_index(filter_index(posts, TAXONOMY, urls)))
    assert index["facets"][0] == {
        "id": "market",
        "label": "Market",
        "values": [["b2b", "B2B", "market/b2b/"], ["b2c", "B2C", "market/b2c/"]],
    }
    numbered = [value.id for value in TAXONOMY.values]
    rows = {row[0]: row for row in index["posts"]}
    assert len(rows) == len(posts)
    for post in posts:
        _url, title, day, text, values, *flags = rows[post.url]
        assert (title, day, text) == (post.title, post.date.date().isoformat(), post.excerpt)
        assert tuple(numbered[n] for n in values) == post.values
        assert flags == ([1] if post.draft else [])
    dates = [row[2] for row in index["posts"]]
    assert dates == sorted(dates, reverse=True)


def test_a_date_shows_its_own_day_even_when_another_post_has_the_same_instant():
    evening_utc = datetime(2026, 11, 17, 15, tzinfo=UTC)
    midnight_tokyo = datetime(2026, 11, 18, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert evening_utc == midnight_tokyo, "Python holds them equal, so a cache keyed on them would mix them up"
    present = presentation()
    assert (present.date(evening_utc), present.date(midnight_tokyo)) == ("November 17, 2026", "November 18, 2026")


def test_the_filter_index_holds_no_markup_characters_yet_reads_back_the_same():
    """`</script>` in a title must not end a `<script>` that inlines the index; JSON escapes keep it inert."""
    hostile = "</script><script>alert(1)</script><!-- &amp; \u2028 \\<"
    post = dataclasses.replace(make_post(1, ("market/b2b",)), title=hostile, excerpt=f"Excerpt {hostile}")
    urls = {value.id: f"{value.facet}/{value.slug}/?a=1&b=<2>" for value in TAXONOMY.values}
    index = filter_index([post], TAXONOMY, urls, [("RSS & more", "rss.xml")])
    dumped = dump_index(index)
    assert not set("<>&\u2028\u2029") & set(dumped), dumped
    assert "\\u003c/script\\u003e" in dumped
    assert json.loads(dumped) == index
    assert json.loads(dumped)["posts"][0][1] == hostile
