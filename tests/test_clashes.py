import random

from contenthub.content.clashes import Claim, url_clashes


def test_of_posts_at_one_url_the_first_by_file_path_is_kept_whatever_the_order():
    claims = [
        Claim("posts/a/", "posts/a/index.md", post=True),
        Claim("posts/a/", "posts/a.md", post=True),
        Claim("posts/a/", "posts/a/README.md", post=True),
        Claim("posts/b/", "posts/b.md", post=True),
    ]
    answers = set()
    for seed in range(5):
        random.Random(seed).shuffle(claims)
        dropped, problems = url_clashes(claims)
        answers.add((frozenset(dropped), tuple(problems)))
    assert len(answers) == 1
    ((dropped, problems),) = answers
    assert dropped == {"posts/a/index.md", "posts/a/README.md"}
    assert [(p.file, p.message.split(",")[0]) for p in problems] == [
        ("posts/a/README.md", "`posts/a.md` has the same URL"),
        ("posts/a/index.md", "`posts/a.md` has the same URL"),
    ]


def test_a_page_that_is_not_a_post_keeps_its_url_and_two_such_pages_are_left_alone():
    claims = [
        Claim("market/b2b/", "posts/zz.md", post=True),  # a post whose URL is set elsewhere, e.g. by a slug
        Claim("market/b2b/", "market/b2b.md", post=False, made_by="contenthub/taxonomy"),
        Claim("about/", "about.md", post=False),
        Claim("about/", "about/index.md", post=False),
    ]
    dropped, problems = url_clashes(claims)
    assert dropped == {"posts/zz.md"}
    assert [str(p) for p in problems] == [
        "posts/zz.md: `market/b2b.md` (a page contenthub/taxonomy makes) has the same URL, `market/b2b/`, and keeps "
        "it, as a page that is not a post; this post is left out of the hub and the site (rename or move the post)"
    ]
