"""The frame every extractor lives in: the lexicon's schema, the closed kgo: namespace, the
declared components, the facts container."""
from dataclasses import dataclass, replace

import pytest

from kg import iris, lexicon
from kg.components import COMPONENTS, RUN_ORDER, Component, ComponentError, validate
from kg.facts import Facts, SpeaksFor, StateMention
from kg.models import ActKey


# --- lexicon ---------------------------------------------------------------------------------
def test_every_data_file_is_described_and_loads():
    files = lexicon.data_files()
    assert set(files) == set(lexicon.SCHEMA)
    for name in files:
        assert lexicon.rows(name), name


@pytest.mark.parametrize("text,message", [
    ("AFG\t阿富汗\n", "states.tsv:1: column 'label_en' is empty"),
    ("# comment\nAFG\t阿富汗\tAfghanistan\t\tmember\textra\n", "states.tsv:2: 6 columns, the schema has 5"),
    ("AFG\t阿富汗\tAfghanistan\t\tmembr\n", "states.tsv:1: column 'status' is 'membr'"),
])
def test_a_bad_row_names_its_file_and_line(text, message):
    with pytest.raises(lexicon.LexiconError, match=message):
        lexicon.parse_rows("states.tsv", text)


def test_rows_split_lists_and_keep_their_line():
    [row] = lexicon.parse_rows("states.tsv", "#\n\nAFG\t阿富汗\tAfghanistan\t阿富汗伊斯兰共和国| |阿国\n")
    assert row.aliases_zh == ("阿富汗伊斯兰共和国", "阿国") and row.status == "" and row.line == 3


def test_a_file_outside_the_schema_is_refused():
    with pytest.raises(lexicon.LexiconError, match="not described"):
        lexicon.parse_rows("new.tsv", "a\tb\n")


def test_word_lists_are_known_and_each_word_listed_once():
    assert set(lexicon.WORD_LISTS) >= {"adverb/paragraph", "state/blocker", "body/head"}
    for name in lexicon.WORD_LISTS:
        assert lexicon.words(name), name  # no list is declared and left empty
    words = [r.word for r in lexicon.rows("words.tsv")]
    assert len(words) == len(set(words))


# --- IRIs and the closed kgo: namespace ------------------------------------------------------
def test_kgo_terms_come_from_the_ontology():
    v = iris.Vocab("https://example.org/kg/")
    assert v.kgo("mentions").value == "https://example.org/kg/ontology#mentions"
    assert {"Mandate", "establishes", "shownSource"} <= iris.ontology_terms()
    with pytest.raises(iris.UnknownTerm, match="kgo:mention "):
        v.kgo("mention ")
    with pytest.raises(iris.UnknownTerm):
        v.kgo("establish")  # a misspelt predicate is an error, not a new predicate


def test_slug_rules_keep_the_minted_iris():
    base = "https://w3id.org/untoc-kg/"
    # a Security Council act is one node whether or not its year is printed (issue 9)
    assert iris.act_iri(ActKey("SC", "resolution", "2133 (2014)"), base) == f"{base}act/un-sc/resolution/2133"
    assert iris.act_iri(ActKey("SC", "resolution", "2133"), base) == f"{base}act/un-sc/resolution/2133"
    assert iris.organization_iri("AFRICAN-GROUP", base) == f"{base}organization/african-group"
    # accents folded for organizations; a person's IRI is the identity read from the name
    assert iris.slug("Société Générale", iris.ORGANIZATION) == "societe-generale"
    assert iris.person_iri("marisela-ibanez", "MEX", base) == f"{base}person/marisela-ibanez-mex"
    assert iris.person_iri("marisela-ibanez", "MEX", base) != iris.person_iri("marisela-ibanez", "ESP", base)
    assert iris.role_key("Minister of Justice") == "minister-of-justice"
    assert iris.un_document_iri("CTOC/COP/2010/L.7/Rev.1", base).endswith("document/CTOC/COP/2010/L.7/Rev.1")


# --- components ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Thing:
    start: int
    end: int


def _emit(doc, facts, emitter):
    return iter(())


def _component(kind, facts=(Thing,), requires=(), emit=None):
    return Component(kind, facts, lambda doc: [], {t: _emit for t in facts} if emit is None else emit,
                     requires)


@pytest.mark.parametrize("components,message", [
    ((_component("a"), _component("a", facts=())), "declared twice"),
    ((_component("a", requires=("b",)),), "unknown kind 'b'"),
    ((_component("a", facts=(), requires=("b",)), _component("b", requires=("a",))), "cycle: a -> b -> a"),
    ((_component("a", emit={}),), "no emitter for Thing"),
    ((_component("a", facts=(), emit={Thing: _emit}),), "emits Thing but does not produce it"),
    ((_component("a"), _component("b")), "Thing is produced by 'a' and 'b'"),
])
def test_components_that_do_not_fit_are_refused(components, message):
    with pytest.raises(ComponentError, match=message):
        validate(components)


def test_the_declared_components_run_after_what_they_require():
    order = [c.kind for c in RUN_ORDER]
    assert sorted(order) == sorted(c.kind for c in COMPONENTS)
    for c in RUN_ORDER:
        assert all(order.index(r) < order.index(c.kind) for r in c.requires), c.kind
    produced = [t for c in COMPONENTS for t in c.facts]
    assert len(produced) == len(set(produced))


# --- facts -----------------------------------------------------------------------------------
def test_facts_keep_their_order_and_are_frozen():
    facts = Facts()
    a, b = StateMention("FRA", 0, 2, "法国"), StateMention("DEU", 5, 7, "德国")
    s = SpeaksFor("FRA", "EU", 0, 9, 0, 2, 4, 8, "法国(代表欧盟)")
    facts.extend([a, s, b])
    assert facts.of(StateMention) == (a, b)
    assert facts.of(SpeaksFor, StateMention) == (a, s, b)
    assert list(facts) == [a, s, b] and len(facts) == 3
    with pytest.raises(AttributeError):
        a.key = "DEU"
    assert replace(a, key="DEU").key == "DEU" and a.key == "FRA"


# --- readable rules --------------------------------------------------------------------------
MAX_FUNCTION_LINES = 60


def test_no_function_of_the_extractors_and_emitters_is_longer_than_a_screen():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "kg"
    long = []
    for path in sorted([*root.glob("extract/*.py"), *root.glob("emit/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long


STAGES = ["facts", "models", "patterns", "lexicon", "iris", "read", "normalize", "segment",
          "extract", "emit", "components", "pipeline"]


def _imported_stages(path, root):
    """(stage imported, inside a function?) for each relative import of a module of kg/."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) for n in ast.walk(f)}
    for_types_only = {id(n) for f in ast.walk(tree)
                      if isinstance(f, ast.If) and getattr(f.test, "id", "") == "TYPE_CHECKING"
                      for n in ast.walk(f)}
    package_depth = 0 if path.parent == root else 1
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.level or id(node) in for_types_only:
            continue
        if node.level == 1 and package_depth:
            continue  # a sibling in the same stage
        names = [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
        for name in names:
            yield name, id(node) in in_function


def test_no_module_imports_from_a_later_stage():
    """kg/ reads top to bottom: a stage imports only from the stages before it."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "kg"
    for stage in STAGES:
        paths = sorted((root / stage).glob("*.py")) if (root / stage).is_dir() else [root / f"{stage}.py"]
        later = set(STAGES[STAGES.index(stage) + 1:])
        for path in paths:
            for imported, in_function in _imported_stages(path, root):
                if (stage, imported, in_function) == ("emit", "components", True):
                    continue  # emit.triples_for reads the registry when it is called
                assert imported not in later, f"{path.relative_to(root)} imports {imported} (a later stage)"
