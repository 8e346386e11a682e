"""Every problem in a post's front matter, reported in one run at its own line, whichever way it is read."""

import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from contenthub.content.files import unreadable
from contenthub.content.frontmatter import lazy_lines, read_front_matter, split_front_matter
from contenthub.content.posts import PostOptions, post_from_meta, read_post
from contenthub.taxonomy import load_taxonomy

from conftest import Site

TAXONOMY, _ = load_taxonomy(
    {
        "language": {"required": True, "values": ["Python", "Rust"]},
        "level": {"multiple": False, "values": ["Beginner", "Advanced"]},
        "channel": {"values": ["LinkedIn", "Twitter"]},
        "platform": {"values": ["LinkedIn", "YouTube"]},
        "topic": {"key": "tags", "values": ["CRM", "Strategy"]},
    }
)
OPTIONS = PostOptions(ZoneInfo("UTC"))


def read(text: str):
    return read_post("posts/a.md", text, "posts/a/", TAXONOMY, OPTIONS)


def as_the_build_reads(text: str):
    """What the taxonomy plugin reads when MkDocs dropped the front matter: `read_front_matter`'s keys
    and values YAML could not build, with lines found lazily, as `_collect` would pass them."""
    assert get_data(text)[1] == {}, "MkDocs drops front matter YAML cannot build"
    front, problem = read_front_matter("posts/a.md", text)
    assert problem is None
    line = lazy_lines("posts/a.md", lambda: text)
    return post_from_meta(
        "posts/a.md", front.meta, front.body, "posts/a/", TAXONOMY, OPTIONS, line=line, unbuilt=front.unbuilt
    )


def found(diagnostics):
    return [(d.line, d.field, d.message) for d in diagnostics]


def test_one_value_yaml_cannot_build_no_longer_hides_the_others():
    text = "---\ntitle: [a, b]\ndate: 2024-02-30\nlanguage: Python\nchannel: [Linkdin]\n---\n\nNo heading.\n"
    post, diagnostics = read(text)
    assert post is None, "a post without a valid title or date is still left out"
    assert found(diagnostics) == [
        (1, "title", "the post has no title; it is left out of the hub"),
        (2, "title", "expected text, got a list"),
        (
            3,
            "date",
            "cannot read `2024-02-30` as a date (day is out of range for month); the post is left out of the hub",
        ),
        (5, "channel", "unknown value `Linkdin`; it is left out"),
    ]
    assert diagnostics == as_the_build_reads(text)[1]


def test_the_values_that_can_be_built_are_read_and_the_others_named_at_their_own_line():
    text = (
        "---\ntitle: Kept\ndate: 2024-03-01\nlanguage: Python\nchannel:\n  - LinkedIn\n  - !!int abc\n"
        "extra: {when: 2024-13-01}\nplatform: YouTube\n---\nBody.\n"
    )
    post, diagnostics = read(text)
    assert (post.title, post.values) == ("Kept", ("language/python", "platform/youtube"))
    assert found(diagnostics) == [
        (7, "channel", "cannot read `abc` (invalid literal for int() with base 10: 'abc'); it is ignored"),
        (
            8,
            "extra",
            "cannot read `2024-13-01` (month must be in 1..12); "
            "MkDocs ignores the page's whole front matter until it is fixed",
        ),
    ]
    assert all(d.hint == "fix the value, or quote it to keep it as text" for d in diagnostics)
    assert (post, diagnostics) == as_the_build_reads(text)


def test_a_bad_value_behind_an_anchor_is_reported_at_each_line_that_uses_it_and_where_it_is_written():
    text = "---\ntitle: T\nx: &d 2024-02-30\ndate: 2024-01-01\nlanguage: Rust\nupdated: *d\n---\n"
    post, diagnostics = read(text)
    assert post.updated is None
    assert [(d.line, d.field) for d in diagnostics] == [(3, "x"), (6, "updated")]
    assert diagnostics[1].message == (
        "cannot read `2024-02-30` as a date (day is out of range for month; written at line 3); it is ignored"
    )


def test_an_unknown_value_behind_an_anchor_is_reported_once_per_line_that_uses_it():
    text = (
        "---\ntitle: T\ndate: 2024-01-01\nlanguage: Python\nmine: &l Linkdin\n"
        "channel: [*l, *l, LinkedIn, *l]\nplatform:\n  - YouTube\n  - *l\n  - *l\n---\n"
    )
    post, diagnostics = read(text)
    assert post.values == ("language/python", "channel/linkedin", "platform/youtube")
    assert [(d.line, d.field) for d in diagnostics] == [(6, "channel"), (9, "platform"), (10, "platform")]
    assert {d.message for d in diagnostics} == {"unknown value `Linkdin`; it is left out"}
    assert diagnostics == as_the_build_reads(text.replace("Python", "[Python, !!int x]"))[1][1:]


def _laughs(leaf: str, levels: int = 30) -> str:
    """Aliases ten to a level: 10**levels leaves if anything expanded them."""
    lines = ["a0: &a0 [" + ", ".join([leaf] * 10) + "]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, levels)]
    return "\n".join(lines)


@pytest.mark.parametrize("leaf", ["2024-02-30", "Linkdin"])
def test_aliases_that_would_expand_exponentially_are_checked_in_linear_time(leaf):
    last = "a29"
    text = (
        f"---\ntitle: T\ndate: 2024-01-01\nlanguage: Python\n{_laughs(leaf)}\n"
        f"channel: *{last}\ndraft: *{last}\nauthor: *{last}\n---\n"
    )
    started = time.perf_counter()
    post, diagnostics = read(text)
    assert time.perf_counter() - started < 5
    assert post is not None and post.values == ("language/python",)
    if leaf == "Linkdin":  # every value builds: the lists themselves are at fault, once each
        assert found(diagnostics) == [
            (35, "channel", "expected a value, got a list; it is ignored"),
            (36, "draft", "expected true or false, got a list; it is ignored"),
            (37, "author", "expected text, got a list; it is ignored"),
        ]
    else:  # one report for each key that holds the bad date, however many times over
        assert [d.line for d in diagnostics] == list(range(5, 38))
        assert diagnostics[-1].message.startswith("cannot read `2024-02-30` (day is out of range for month; written")


def test_front_matter_that_cannot_be_read_at_all_still_leaves_the_post_out():
    text = "---\ntitle: T\ndate: 2024-01-01\nlist: [a\n---\n"
    post, diagnostics = read(text)
    assert post is None
    assert [(d.field, d.message.split(":")[0]) for d in diagnostics] == [("front matter", "invalid YAML")]


def test_split_front_matter_still_reads_all_or_nothing_as_mkdocs_does():
    text = "---\ntitle: T\nn: !!int abc\ndate: 2024-02-30\n---\nBody.\n"
    front, problem = split_front_matter("posts/a.md", text)
    assert (front.meta, front.body) == ({}, text)
    assert (problem.line, problem.field) == (3, "n")
    assert problem.message.endswith("the post is left out of the hub until this is fixed")


def test_a_key_that_looks_like_a_misspelt_facet_key_is_named_at_its_line():
    text = "---\ntitle: T\ndate: 2024-01-01\nlangauge: Python\nlevle: Beginner\nChannel: LinkedIn\n---\n"
    post, diagnostics = read(text)
    assert post.values == ()
    assert [(d.line, d.field, d.message, d.hint) for d in diagnostics] == [
        (
            1,
            "language",
            "the required facet `language` is missing; `langauge` (line 4) looks like a misspelling of it",
            "rename `langauge` to `language`",
        ),
        (4, "langauge", "unknown key `langauge`; it is ignored", "did you mean `language`?"),
        (5, "levle", "unknown key `levle`; it is ignored", "did you mean `level`?"),
        (6, "Channel", "unknown key `Channel`; it is ignored", "did you mean `channel`?"),
    ]


def test_a_misspelt_key_is_pointed_to_the_key_a_facet_reads_even_when_it_looks_like_its_id():
    _, diagnostics = read("---\ntitle: T\ndate: 2024-01-01\nlanguage: Rust\ntgas: [CRM]\ntopik: x\n---\n")
    assert [(d.line, d.field, d.hint) for d in diagnostics] == [
        (5, "tgas", "did you mean `tags`?"),
        (6, "topik", "did you mean `tags`?"),
    ]


def test_a_misspelt_key_in_multimarkdown_headers_is_named_too():
    _, diagnostics = read("Title: T\nDate: 2024-01-01\nLanguage: Python\nLevle: Beginner\n\nBody.\n")
    assert [(d.line, d.field, d.hint) for d in diagnostics] == [(4, "levle", "did you mean `level`?")]


@pytest.mark.parametrize(
    "keys",
    [
        "summary: s\nslug: s\nstatus: new\ntemplate: t.html\nhide: [toc]\nicon: x\nsearch: {exclude: true}",
        "comments: true\nauthors: [a]\ncategories: [c]\nlinks: []\nreadtime: 3\npin: true\nsubtitle: s",
        "description: d\nauthor: a\nupdated: 2024-02-01\ndraft: false\ntags: [CRM]",
        "source_notes: mine\nregion: Europe\nreason: none\nlanguages_spoken: 2",
    ],
)
def test_the_hubs_own_keys_common_mkdocs_keys_and_the_authors_own_keys_stay_silent(keys):
    post, diagnostics = read(f"---\ntitle: T\ndate: 2024-01-01\nlanguage: Python\n{keys}\n---\n")
    assert post is not None and diagnostics == []


POST = "---\ntitle: Café crème\ndate: 2024-01-02\nlanguage: Python\n---\n\nA “quoted” word.\n"


def read_as_mkdocs_does(tmp_path: Path, data: bytes):
    """The diagnostic for a post file holding `data`, from the error MkDocs' own reading raises."""
    (tmp_path / "posts").mkdir(exist_ok=True)
    (tmp_path / "posts/a.md").write_bytes(data)
    file = File("posts/a.md", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    with pytest.raises(UnicodeDecodeError) as raised:
        _ = file.content_string
    return unreadable("posts/a.md", raised.value)


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16-le", "UTF-16 LE"),
        ("utf-16-be", "UTF-16 BE"),
        ("utf-32-le", "UTF-32 LE"),
        ("utf-32-be", "UTF-32 BE"),
    ],
)
def test_a_post_in_utf16_or_utf32_is_named_as_such_from_its_byte_order_mark(tmp_path, codec, name):
    diagnostic = read_as_mkdocs_does(tmp_path, ("\ufeff" + POST).encode(codec))
    assert (diagnostic.file, diagnostic.line) == ("posts/a.md", None)
    assert diagnostic.message == (
        f"cannot read the file: it is {name} (it starts with that byte order mark), and posts must be UTF-8; "
        "it is left out of the site"
    )
    assert diagnostic.hint.startswith("save it as UTF-8")
    assert f"`iconv -f {name.split()[0]} -t UTF-8`" in diagnostic.hint


def test_a_post_in_an_8_bit_encoding_is_named_at_its_first_bad_byte(tmp_path):
    diagnostic = read_as_mkdocs_does(tmp_path, ("\ufeff" + POST).encode("utf-8")[:3] + POST.encode("cp1252"))
    assert diagnostic.line == 2
    assert (
        diagnostic.message
        == "cannot read the file: it is not UTF-8: byte 0xE9 at column 11; it is left out of the site"
    )
    assert "if it was written in Windows-1252 or Latin-1" in diagnostic.hint
    assert diagnostic.hint.endswith("line 2 then reads `title: Café crème`")
    text = "---\r\ntitle: Ça va\r\ndate: 2024-01-02\r\n---\r\n\r\nNo \x81 in Windows-1252.\r\n"
    diagnostic = read_as_mkdocs_does(tmp_path, text.encode("utf-8").replace(b"\xc2\x81", b"\x81"))
    assert diagnostic.line == 6
    assert diagnostic.message.startswith("cannot read the file: it is not UTF-8: byte 0x81 at column 4;")
    assert "1252" not in diagnostic.hint, "bytes that mean nothing in Windows-1252 suggest no encoding"


def test_a_utf16_post_is_named_by_mkdocs_build_and_by_contenthub_check(site: Site):
    site.configure(facets={"language": {"values": ["Python"]}})
    site.post("fine", language="Python")
    (site.docs / "posts/wide.md").write_bytes(("\ufeff" + POST).encode("utf-16-le"))
    expected = (
        "posts/wide.md: cannot read the file: it is UTF-16 LE (it starts with that byte order mark), "
        "and posts must be UTF-8; it is left out of the site"
    )
    built = site.build(check=False)
    assert expected in built.stderr and "Traceback" not in built.stderr
    assert site.exists("posts/fine/") and not site.exists("posts/wide/")
    checked = site.contenthub("check")
    assert checked.returncode == 1 and expected in checked.stdout
    assert "Traceback" not in checked.stderr


BAD = "---\ntitle: [a, b]\ndate: 2024-02-30\nlanguage: Python\nchannel: [Linkdin]\n---\n\n# Heading\n\nBody.\n"
ALL_OF_BAD = [
    "posts/bad.md:2: title: expected text, got a list",
    "posts/bad.md:3: date: cannot read `2024-02-30` as a date (day is out of range for month)",
    "posts/bad.md:5: channel: unknown value `Linkdin`; it is left out",
]


def test_contenthub_check_lists_every_problem_of_a_post_yaml_cannot_fully_build(site: Site):
    site.configure(facets={"language": {"values": ["Python"]}, "channel": {"values": ["LinkedIn"]}})
    site.write("posts/bad.md", BAD)
    checked = site.contenthub("check")
    listed = checked.stdout.splitlines()
    assert len(listed) == len(ALL_OF_BAD) and all(map(str.startswith, listed, ALL_OF_BAD)), listed


def test_mkdocs_build_lists_every_problem_of_a_post_yaml_cannot_fully_build(site: Site):
    site.configure(facets={"language": {"values": ["Python"]}, "channel": {"values": ["LinkedIn"]}})
    site.write("posts/bad.md", BAD)
    built = site.build(check=False)
    assert all(f"contenthub: {line}" in built.stderr for line in ALL_OF_BAD), built.stderr
