import textwrap

import pytest
import yaml

from contenthub.model import Severity
from contenthub.settings import load_settings
from contenthub.taxonomy import load_taxonomy
from contenthub.yamlpos import YamlPositions


def test_defaults_declare_market_channel_and_audience():
    taxonomy, diagnostics = load_taxonomy(None)
    assert diagnostics == []
    assert [facet.id for facet in taxonomy.facets] == ["market", "channel", "audience"]
    assert [value.label for value in taxonomy.facet("market").values] == ["B2B", "B2C"]


@pytest.mark.parametrize("spelling", ["B2B", "b2b", "business to business", "Business-to-Business", " b2b "])
def test_values_match_case_insensitively_and_through_aliases(spelling):
    taxonomy, _ = load_taxonomy(None)
    value = taxonomy.resolve(taxonomy.facet("market"), spelling)
    assert value is not None and value.id == "market/b2b"


def test_unknown_spelling_resolves_to_nothing_but_suggests_the_closest():
    taxonomy, _ = load_taxonomy(None)
    channel = taxonomy.facet("channel")
    assert taxonomy.resolve(channel, "Linkdin") is None
    assert taxonomy.suggest(channel, "Linkdin").label == "LinkedIn"
    assert taxonomy.suggest(channel, "zzzzzz") is None


def test_values_can_be_a_list_of_labels_or_a_mapping():
    taxonomy, diagnostics = load_taxonomy(
        {
            "tone": {"values": ["Formal", {"label": "Playful", "aliases": ["fun"]}]},
            "region": {"label": "Region", "multiple": False, "values": {"North America": {"slug": "na"}}},
        }
    )
    assert diagnostics == []
    assert [v.id for v in taxonomy.values] == ["tone/formal", "tone/playful", "region/na"]
    assert taxonomy.facet("tone").label == "Tone"
    assert taxonomy.facet("region").multiple is False
    assert taxonomy.resolve(taxonomy.facet("tone"), "FUN").label == "Playful"


CONFIG = textwrap.dedent(
    """\
    site_name: x
    plugins:
      - search
      - contenthub/taxonomy:
          facets:
            channel:
              multple: true
              values:
                C++: {}
                C: {}
                Mail:
                  aliases: [email]
                Email: {}
            Bad Id:
              values: [x]
            empty:
              values: []
    """
)


def test_config_problems_name_the_line_the_setting_and_the_fix():
    positions = YamlPositions(CONFIG)
    config = yaml.safe_load(CONFIG)["plugins"][1]["contenthub/taxonomy"]["facets"]
    taxonomy, diagnostics = load_taxonomy(
        config, file="mkdocs.yml", base=("plugins", "contenthub/taxonomy", "facets"), locate=positions.line
    )
    found = {(d.line, d.message.split(";")[0]): d for d in diagnostics}
    typo = found[(7, "unknown setting `multple`")]
    assert typo.message == "unknown setting `multple`; it is ignored"
    assert typo.hint == "did you mean `multiple`? settings: key, label, description, multiple, required, weight, values"
    assert typo.field == "plugins.contenthub/taxonomy.facets.channel.multple"
    collision = found[(10, "`C` and `C++` both get the URL slug `c`")]
    assert "own `slug`" in collision.hint
    alias = found[(13, "`Email` already names `Mail`")]
    assert alias.severity is Severity.WARNING
    bad_id = found[(14, "facet id `Bad Id` is used in URLs and must be lower-case letters, digits, - or _")]
    assert bad_id.severity is Severity.ERROR and "`bad-id`" in bad_id.hint
    empty = found[(17, "a facet needs at least one value")]
    assert empty.severity is Severity.ERROR
    # What is wrong is left out; what is right is kept.
    assert [v.label for v in taxonomy.facet("channel").values] == ["C++", "Mail"]
    assert [f.id for f in taxonomy.facets] == ["channel"]


def test_labels_in_any_script_are_told_apart_and_need_an_ascii_slug():
    taxonomy, diagnostics = load_taxonomy(
        {"region": {"values": {"中国": {"slug": "china"}, "日本": {"slug": "japan"}, "Ελλάδα": {}}}}
    )
    region = taxonomy.facet("region")
    assert [v.slug for v in region.values] == ["china", "japan"]
    assert taxonomy.resolve(region, "日本").slug == "japan"
    assert [(d.field, d.message) for d in diagnostics] == [("region.values.Ελλάδα", "`Ελλάδα` has no usable URL slug")]
    assert "set `slug:`" in diagnostics[0].hint


def test_plus_and_hash_keep_c_sharp_apart_from_c_plus_plus():
    taxonomy, diagnostics = load_taxonomy({"lang": {"values": {"C++": {"slug": "cpp"}, "C#": {"slug": "csharp"}}}})
    assert diagnostics == []
    assert taxonomy.resolve(taxonomy.facet("lang"), "c#").slug == "csharp"


def test_a_slug_that_another_value_uses_as_alias_is_refused():
    taxonomy, diagnostics = load_taxonomy(
        {"market": {"values": {"B2B": {"aliases": ["enterprise"]}, "Enterprise sales": {"slug": "enterprise"}}}}
    )
    assert [v.label for v in taxonomy.values] == ["B2B"]
    assert [d.message for d in diagnostics] == [
        "the slug `enterprise` of `Enterprise sales` already names `B2B`; `Enterprise sales` is left out"
    ]


def test_a_label_must_be_text():
    taxonomy, diagnostics = load_taxonomy({"market": {"values": ["B2B", {"label": None}, None, True]}})
    assert [v.label for v in taxonomy.values] == ["B2B"]
    assert [d.field for d in diagnostics] == ["market.values.1", "market.values.2", "market.values.3"]


def test_wrong_types_fall_back_to_defaults_with_a_warning():
    taxonomy, diagnostics = load_taxonomy({"market": {"multiple": "yes", "weight": "heavy", "values": ["B2B"]}})
    assert taxonomy.facet("market").multiple is True
    assert taxonomy.facet("market").weight == 1.0
    messages = sorted(d.message for d in diagnostics)
    assert messages == [
        "expected a number, got `heavy`; the default `1` is used",
        "expected true or false, got `'yes'`; the default `true` is used",
    ]


def test_two_facets_cannot_share_a_front_matter_key():
    _, diagnostics = load_taxonomy({"a": {"key": "tags", "values": ["x"]}, "b": {"key": "tags", "values": ["y"]}})
    assert [d.severity for d in diagnostics] == [Severity.ERROR]
    assert "already used by facet `a`" in diagnostics[0].message


def test_settings_check_timezone_and_coverage():
    settings, diagnostics = load_settings({"timezone": "Mars/Olympus", "coverage": ["market", "chanel"]})
    messages = {d.field: d for d in diagnostics}
    assert messages["timezone"].severity is Severity.ERROR
    assert "Europe/London" in messages["timezone"].hint
    assert "did you mean `channel`?" in messages["coverage"].message
    assert settings.coverage is None


def test_coverage_defaults_to_the_first_two_facets_and_can_be_turned_off():
    settings, _ = load_settings({"facets": {"a": {"values": ["x"]}, "b": {"values": ["y"]}, "c": {"values": ["z"]}}})
    assert settings.coverage == ("a", "b")
    settings, _ = load_settings({"coverage": []})
    assert settings.coverage is None


def test_a_facet_may_not_take_the_folder_of_another_hub_page():
    _, diagnostics = load_settings({"posts_dir": "posts", "facets": {"posts": {"values": ["x"]}}})
    assert [(d.field, d.severity, d.message) for d in diagnostics] == [
        ("posts_dir", Severity.ERROR, "`posts` is inside the `posts/` folder, where that facet's value pages go")
    ]


def test_facet_ids_taken_by_urls_and_queries_are_refused():
    facets = {name: {"values": ["x"]} for name in ("search", "sort", "q", "assets", "fine")}
    _, diagnostics = load_settings({"facets": facets})
    assert [(d.field, d.severity, d.message.split(" is taken")[0]) for d in diagnostics] == [
        (f"facets.{name}", Severity.ERROR, f"facet id `{name}`") for name in ("search", "sort", "q", "assets")
    ]


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        ({"knowledge_base_page": ""}, "knowledge_base_page", "`` is not a usable folder path"),
        ({"facets_page": "a b"}, "facets_page", "`a b` is not a usable folder path"),
        (
            {"knowledge_base_page": "market/b2b"},
            "knowledge_base_page",
            "`market/b2b` is inside the `market/` folder, where that facet's value pages go",
        ),
        ({"facets_page": "knowledge-base"}, "knowledge_base_page", "`knowledge-base` is also `facets_page`"),
        (
            {"posts_dir": "blog", "facets_page": "blog/topics"},
            "facets_page",
            "`blog/topics` is inside `posts_dir` (`blog`), whose pages are all posts",
        ),
    ],
)
def test_page_paths_must_be_usable_and_apart(options, field, message):
    _, diagnostics = load_settings(options)
    assert [(d.field, d.message) for d in diagnostics] == [(field, message)]


def test_posts_may_sit_inside_a_page_folder_and_a_page_may_be_the_posts_folders_index():
    _, diagnostics = load_settings({"facets_page": "topics", "posts_dir": "topics/posts"})
    assert diagnostics == []
    _, diagnostics = load_settings({"knowledge_base_page": "posts/index"})
    assert diagnostics == []


def test_at_most_31_facets():
    facets = {f"f{n}": {"values": [f"v{n}"]} for n in range(32)}
    _, diagnostics = load_settings({"facets": facets})
    assert [d.message for d in diagnostics] == ["32 facets declared; the knowledge base handles at most 31"]


def test_negative_lengths_are_config_errors():
    _, diagnostics = load_settings({"excerpt_length": -1})
    assert [(d.field, d.severity) for d in diagnostics] == [("excerpt_length", Severity.ERROR)]
