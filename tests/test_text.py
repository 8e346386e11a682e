from contenthub.text import fold, markdown_escape, markdown_to_text, slugify, truncate
from contenthub.urls import relative_url


def test_fold_ignores_case_accents_and_punctuation():
    assert fold("Business-to-Business") == fold("business to business") == fold("BUSINESS_TO_BUSINESS")
    assert fold("Café  Crème") == "cafe creme"


def test_slugify_makes_url_segments():
    assert slugify("SMB owners") == "smb-owners"
    assert slugify("Web 2.0") == "web-2-0"
    assert slugify("  LinkedIn ") == "linkedin"
    assert slugify("C++") == slugify("C") == "c"


def test_markdown_to_text_keeps_only_the_words():
    markdown = (
        "Some **bold**, *emphasis*, `code`, a [link](http://x.test) and ![an image](i.png)"
        " plus a [ref][1] and a footnote[^1] with an <span class='x'>inline tag</span> &amp; an entity."
    )
    assert markdown_to_text(markdown) == (
        "Some bold, emphasis, code, a link and plus a ref and a footnote with an inline tag & an entity."
    )


def test_list_markers_go_in_every_script_markdown_numbers_lists_in():
    # Python-Markdown makes ordered lists of Arabic-Indic, Devanagari and full-width digits too.
    for marker in ("\u0661.", "\u0663)", "\u0967.", "\uff11.", "-", "*", "+", "12."):
        assert markdown_to_text(f"{marker} Hello world") == "Hello world", marker
        assert markdown_to_text(f"Intro\n  {marker} item") == "Intro item", marker
    assert markdown_to_text("\u00b2. Squared is no marker") == "\u00b2. Squared is no marker"


def test_nul_characters_cannot_pass_for_a_code_span_placeholder():
    assert markdown_to_text("`code` and \x005\x00 and \x000\x00") == "code and \ufffd5\ufffd and \ufffd0\ufffd"


def test_markdown_to_text_drops_code_blocks_and_list_markers():
    markdown = "# Title\n\n- one\n- two\n\n```python\nprint('no')\n```\n\n> quoted {: .class}\n"
    assert markdown_to_text(markdown) == "Title one two quoted"


def test_code_spans_and_comparisons_are_not_mistaken_for_markup():
    text = "Use the `<details>` element when a < b > c, with ``a*b`` and *stress* but not 2 * 3 or 4*5."
    assert (
        markdown_to_text(text) == "Use the <details> element when a < b > c, with a*b and stress but not 2 * 3 or 4*5."
    )


def test_an_unclosed_asterisk_does_not_swallow_the_text():
    assert markdown_to_text("**bold " + "word " * 100) == "**bold " + ("word " * 100).strip()


def test_truncate_cuts_at_a_word_boundary():
    assert truncate("short", 10) == "short"
    cut = truncate("The quick brown fox jumps over the lazy dog", 20)
    assert cut == "The quick brown fox…"
    assert len(cut) <= 20


def test_markdown_escape_shows_text_as_written():
    assert markdown_escape("C# *and* <b>") == "C\\# \\*and\\* &lt;b&gt;"


def test_relative_url_climbs_to_the_root_and_back():
    assert relative_url("posts/a/", "market/b2b/") == "../../posts/a/"
    assert relative_url("", "market/b2b/") == "../../"
    assert relative_url("", "") == "./"
    assert relative_url("knowledge-base/?market=b2b", "facets/") == "../knowledge-base/?market=b2b"
    assert relative_url("posts/a.html", "market/b2b.html") == "../posts/a.html"
