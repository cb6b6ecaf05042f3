"""The reports of ``lkip run --all`` speak one language: no English sentence in the Indonesian
reports, no Indonesian sentence in the English ones (issue 14, "done when").

Every HTML page's visible text is scanned (``html.parser``; scripts, styles and the input of code
cells left out; the printed output of cells kept) for common function words of the other language.
Data are Indonesian in both languages (indicator, sasaran and unit names, official terms), so the
English reports are scanned in their sentences only — paragraphs, list items, headings, table
headers, captions and printed lines — and not in table body cells, which hold those names; the
Indonesian reports are scanned everywhere, body cells included (their data are Indonesian too).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

#: common function words of each language, searched as whole words (case-insensitive)
FOREIGN_WORDS = {
    "id": ("the", "of", "and", "is", "not", "with", "from", "which", "than", "are"),
    "en": ("yang", "dan", "untuk", "tidak", "dengan", "dari"),
}
#: where a sentence is read; the English reports leave out table body cells (data names)
SENTENCE_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "th", "caption", "figcaption", "dt", "dd", "pre")
#: never read: not shown, or code
HIDDEN_TAGS = ("script", "style", "code", "title", "head")
#: the input area of a code cell (shown only with ``--with-code``)
INPUT_CLASSES = ("jp-InputArea", "input_area", "jp-Cell-inputWrapper")

#: text that may stay in the other language, each with its reason (a regex searched in the
#: element's text). Kept short on purpose: every entry is a place that is legitimately foreign.
ALLOWED: dict[str, tuple[str, ...]] = {
    "id": (),
    "en": (),
}
#: names from the data, left out of the text before the scan: they are Indonesian in both
#: languages (the official names of entities, misi, sasaran, indicators, units, programmes, survey
#: elements and documents)
NAME_COLUMNS = {"entities": "name", "misi": "name", "sasaran": "name", "indicators": "name", "units": "name",
                "ikm_unsur": "unsur_name", "budgets": "name", "documents": "title"}
#: official terms that stay Indonesian in both languages (status words, mutu pelayanan labels, the
#: efficiency judgements as the reports word them)
OFFICIAL_TERMS = ("tidak tercapai", "tidak dapat dinilai", "belum ada nilai", "Tidak Baik", "Kurang Baik", "tidak efisien",
                  "kurang efisien")
#: quoted text (source text quoted in a note, an answer to type): as written
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")


def data_names() -> tuple[str, ...]:
    """The names of :data:`NAME_COLUMNS` in the project's data, longest first."""
    from lkip_helpers.data.dataset import load_dataset
    from lkip_helpers.data.paths import PROJECT_ROOT

    ds = load_dataset(PROJECT_ROOT / "data")
    names = {str(n) for table, column in NAME_COLUMNS.items() for n in ds.tables[table][column].dropna()}
    return tuple(sorted((n for n in names if len(n) > 3), key=len, reverse=True))


def _without_names(text: str, names: tuple[str, ...]) -> str:
    for name in (*names, *OFFICIAL_TERMS):
        if name in text:
            text = text.replace(name, " ")
    return QUOTED.sub(" ", text)


def _hidden(node) -> bool:
    for parent in node.parents:
        if parent.name in HIDDEN_TAGS:
            return True
        if parent.name == "pre" and parent.find_parent(class_=list(INPUT_CLASSES)) is not None:
            return True
        classes = parent.get("class") or []
        if any(c in INPUT_CLASSES for c in classes):
            return True
    return False


def _block(node, tags: tuple[str, ...]):
    """The nearest enclosing element of ``node`` among ``tags`` (None outside them)."""
    return next((p for p in node.parents if p.name in tags), None)


def foreign_phrases(html: str, lang: str, names: tuple[str, ...] = ()) -> list[str]:
    """The visible pieces of text of a page of a ``lang`` report holding a function word of the
    other language outside ``names``, official terms and quotes (each as ``<tag>: text``,
    shortened), allowlisted places left out."""
    from bs4 import BeautifulSoup, NavigableString

    tags = SENTENCE_TAGS + (("td",) if lang == "id" else ())
    words = re.compile(r"\b(" + "|".join(FOREIGN_WORDS[lang]) + r")\b", re.I)
    texts: dict[int, tuple[str, list[str]]] = {}
    for node in BeautifulSoup(html, "html.parser").find_all(string=True):
        if not isinstance(node, NavigableString) or not node.strip() or _hidden(node):
            continue
        block = _block(node, tags)
        if block is None or (lang == "en" and block.name == "td"):
            continue
        texts.setdefault(id(block), (block.name, []))[1].append(str(node))
    found = []
    for name, parts in texts.values():
        text = " ".join(" ".join(parts).split())
        if words.search(_without_names(text, names)) and not any(re.search(a, text) for a in ALLOWED[lang]):
            found.append(f"{name}: {text[:160]}")
    return found


def test_the_scan_finds_the_other_language_and_leaves_out_code_and_data_cells():
    page = ("<html><head><title>the title</title></head><body><p>Nilai <b>of the</b> IKU</p>"
            "<div class='jp-InputArea'><pre>x = 'the'</pre></div><code>not</code>"
            "<pre>capaian is high</pre><table><tr><th>dan</th></tr><tr><td>Jumlah dan persentase</td>"
            "<td>above the target</td></tr></table></body></html>")
    assert foreign_phrases(page, "id") == ["p: Nilai of the IKU", "pre: capaian is high", "td: above the target"]
    assert foreign_phrases(page, "en") == ["th: dan"]
    assert foreign_phrases("<p>Capaian IKU tercapai.</p>", "id") == []
    # a name from the data, an official term or a quotation is not a sentence of the other language
    named = "<p>Dinas Kependudukan dan Pencatatan Sipil: tidak tercapai; the text says 'yang ditetapkan'.</p>"
    assert foreign_phrases(named, "en", ("Dinas Kependudukan dan Pencatatan Sipil",)) == []
    assert foreign_phrases(named, "en") == ["p: " + named[3:-4]]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_sentence_of_the_other_language_in_any_report(published_run, lang):
    out, code, err = published_run(lang)
    assert code == 0, err
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 2 * 8
    names = data_names()
    found = {str(p.relative_to(out)): foreign_phrases(p.read_text(encoding="utf-8"), lang, names) for p in pages}
    found = {page: phrases for page, phrases in found.items() if phrases}
    count = sum(len(p) for p in found.values())
    assert found == {}, f"{count} pieces of text in the other language"


def _literal_figure_texts(source: str) -> list[str]:
    """``title=``/``xlabel=``/``ylabel=`` arguments given as a literal string (or f-string) holding
    an English function word in notebook code: figure texts that bypass the catalog. (Literal
    Indonesian names of official statistics, such as "Garis kemiskinan" or "opini BPK", are names
    and stay in both languages.)"""
    english = re.compile(r"\b(" + "|".join(FOREIGN_WORDS["id"]) + r")\b", re.I)
    literals = re.findall(r"\b(?:title|xlabel|ylabel)\s*=\s*f?([\"'][^\"']*[\"'])", source)
    return [t for t in literals if english.search(t)]


def test_notebook_code_passes_no_literal_figure_text():
    import nbformat

    notebooks = Path(__file__).resolve().parents[2] / "notebooks"
    assert _literal_figure_texts('plot(x, title=f"The cycle: {a}", ylabel=phrase("Value"), xlabel="opini BPK")') == [
        '"The cycle: {a}"']
    found = {}
    for path in sorted(notebooks.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        hits = [t for c in nb.cells if c.cell_type == "code" for t in _literal_figure_texts(c.source)]
        if hits:
            found[path.name] = hits
    assert found == {}
