"""The canned responses file: the bundled one loads whole; a bad entry costs only itself."""

from console.storage.canned_file import bundled_canned, load_canned

KNOWN = {"customer.name", "customer.handle", "agent.name", "agent.first_name", "brand.name", "brand.handle"}


def test_the_bundled_responses_load_without_a_problem():
    loaded = bundled_canned()
    assert loaded.problems == ()
    assert 15 <= len(loaded.responses) <= 25
    assert {r.language for r in loaded.responses} == {"en", "es", "de"}
    assert len({r.id for r in loaded.responses}) == len(loaded.responses)
    for response in loaded.responses:
        assert response.title and response.tags and response.template.parts
        # Greeting falls back politely when the name is missing ("Hi there"), or the name is asked for.
        values = dict.fromkeys(KNOWN, "x") | {"case.id": "c", "network": "X"}
        rendering = response.template.render(values)
        assert rendering.complete or set(rendering.missing).isdisjoint(KNOWN)


BROKEN = """\
responses:
  - {id: thanks, title: Thanks, language: en, tags: [praise], text: "Thanks, {customer.name|there}!"}
  - {id: no-title, language: en, tags: [x], text: "Hello"}
  - {id: bad-var, title: Bad, language: en, tags: [x], text: "Your order {order id} is late"}
  - {id: thanks, title: Again, language: en, tags: [x], text: "Thanks again"}
  - {id: extra, title: Extra, language: en, tags: [x], text: "Hi", colour: blue}
  - {id: Bad_Id, title: Id, language: en, tags: [x], text: "Hi"}
  - {id: lang, title: Lang, language: english, tags: [x], text: "Hi"}
  - {id: tags, title: Tags, language: en, tags: refund, text: "Hi"}
  - just a string
  - {id: hola, title: Hola, language: ES, tags: [saludo], text: "¡Hola, {customer.name}!"}
"""


def test_each_bad_entry_is_named_and_the_good_ones_stay():
    loaded = load_canned("team.yaml", BROKEN)
    assert [r.id for r in loaded.responses] == ["thanks", "hola"]
    assert loaded.responses[1].language == "es"
    assert [str(p) for p in loaded.problems] == [
        "team.yaml, entry 2 (no-title): needs 'title' as non-empty text",
        "team.yaml, entry 3 (bad-var): text: bad variable name 'order id' (letters, digits, '_' and '.')"
        " at line 1, column 13",
        "team.yaml, entry 4 (thanks): repeats the id 'thanks'; ids must be unique",
        "team.yaml, entry 5 (extra): has unknown keys: colour (known: id, title, language, tags, text)",
        "team.yaml, entry 6 (Bad_Id): id 'Bad_Id' must be lower-case letters and digits joined by '-'",
        "team.yaml, entry 7 (lang): language 'english' must be a two-letter ISO 639-1 code",
        "team.yaml, entry 8 (tags): 'tags' must be a list of words",
        "team.yaml, entry 9: is not a mapping of id, title, language, tags and text",
    ]


def test_a_file_that_cannot_be_read_is_one_problem(tmp_path):
    broken_yaml = load_canned("team.yaml", "responses:\n  - {id: a, title: [unclosed\n")
    assert broken_yaml.responses == ()
    [problem] = broken_yaml.problems
    assert problem.entry == "" and str(problem).startswith("team.yaml: is not valid YAML at line 3, column 1")
    assert str(load_canned("team.yaml", "- a list\n").problems[0]) == (
        "team.yaml: needs a top-level 'responses:' list"
    )
    missing = load_canned(tmp_path / "nowhere.yaml")
    assert str(missing.problems[0]).startswith(f"{tmp_path / 'nowhere.yaml'}: cannot be read")
    written = tmp_path / "team.yaml"
    written.write_text(BROKEN, encoding="utf-8")
    assert len(load_canned(written).responses) == 2
