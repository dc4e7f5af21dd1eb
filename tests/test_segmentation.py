"""Khmer, Lao and Myanmar segmentation (stiwatch.core.scripts) in search tokens and tags.

The texts are the real published ones of tests/labelled/languages; the names are the
taxonomy's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from stiwatch.core.analysis import index_tokens, query_tokens
from stiwatch.core.scripts import SCRIPT_RUN, is_word_char, join_known, script_words, segment_run
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.core.text import nfc
from stiwatch.pipelines.myanmar import unicode_myanmar
from stiwatch.pipelines.tag import tag_article

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "labelled" / "languages"
SCRIPT_LANGUAGES = ("km", "lo", "my")


def _texts(lang: str) -> list[str]:
    items = yaml.safe_load((LABELLED / f"{lang}.yaml").read_text(encoding="utf-8"))["items"]
    return [f"{item.get('title') or ''}\n{item['text']}" for item in items]


# Segments every labelled text with the network unreachable and prints the words as JSON.
_SEGMENT_ALL = """
import json, socket, sys
def refuse(*args, **kwargs):
    raise OSError("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
from stiwatch.core.scripts import script_words
texts = json.load(sys.stdin)
print(json.dumps([[w for _, _, w in script_words(t)] for t in texts], ensure_ascii=False))
"""


def test_segmenters_run_offline_and_give_the_same_words_every_run() -> None:
    texts = [t for lang in SCRIPT_LANGUAGES for t in _texts(lang)]
    outputs = []
    for seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-c", _SEGMENT_ALL],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0] == [[w for _, _, w in script_words(t)] for t in texts]
    assert sum(len(words) for words in outputs[0]) > 2000


@pytest.mark.parametrize("lang", SCRIPT_LANGUAGES)
def test_words_keep_their_vowel_signs_and_lose_no_letter(lang: str) -> None:
    """No token starts with a combining mark (the old analysis cut at every vowel sign),
    and the words of each run spell the run, punctuation aside."""
    # As the clean stage stores them: NFC, Zawgyi-era Myanmar (၀ typed for ဝ) repaired.
    for text in (unicode_myanmar(nfc(t)) for t in _texts(lang)):
        tokens = index_tokens(text)
        assert tokens
        for token in tokens:
            assert unicodedata.category(token[0]) not in ("Mn", "Mc"), (token, text[:60])
        for match in SCRIPT_RUN.finditer(text):
            spelled = "".join(segment_run(match.lastgroup or "", match.group()))
            letters = "".join(
                ch for ch in match.group() if is_word_char(ch) or unicodedata.category(ch)[0] == "M"
            )
            assert spelled == letters, match.group()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("កិច្ចសហប្រតិបត្តិការវិទ្យាសាស្ត្រ", ["កិច្ចសហប្រតិបត្តិការ", "វិទ្យាសាស្ត្រ"]),
        ("ປັນຍາປະດິດ", ["ປັນຍາ", "ປະດິດ"]),
        ("သုတေသနဌာန", ["သုတေသန", "ဌာန"]),
        ("ឆ្នាំ២០២៤", ["ឆ្នាំ", "2024"]),
        ("ພ.ສ. ໒໕໖໗", ["ພ", "ສ", "2567"]),
    ],
)
def test_query_words(query: str, expected: list[str]) -> None:
    assert query_tokens(query) == expected


def test_a_name_written_whole_is_one_word_as_its_segmenter_and_join_make_it() -> None:
    """The tokenizer takes a run that is one of the taxonomy's names as that name without
    segmenting it (core/taxonomy/tokenizer.py): the same word segmenting and joining give."""
    names = load_taxonomy().matchers.tokenize.script_words
    whole = [(m.lastgroup or "", name) for name in names if (m := SCRIPT_RUN.fullmatch(name))]
    assert len(whole) > 100
    for lang, name in whole:
        assert segment_run(lang, name, names) == [name], name


def test_known_names_are_joined_only_on_word_boundaries() -> None:
    assert join_known(["ក", "ខ", "គ", "ឃ"], {"ខគ"}) == ["ក", "ខគ", "ឃ"]
    assert join_known(["កខ", "គ"], {"ខគ"}) == ["កខ", "គ"]  # would start inside a word
    assert join_known(["ក", "ខ", "គ"], {"កខ", "កខគ"}) == ["កខគ"]  # the longest wins


@pytest.fixture(scope="module")
def taxonomy():  # type: ignore[no-untyped-def]
    return load_taxonomy()


@pytest.mark.parametrize(
    ("lang", "title", "countries", "agencies"),
    [
        (
            "km",
            "ក្រសួងឧស្សាហកម្ម វិទ្យាសាស្ត្រ បច្ចេកវិទ្យា និងនវានុវត្តន៍ សហការជាមួយប្រទេសថៃ",
            ["KH", "TH"],
            ["MISTI"],
        ),
        ("lo", "ກະຊວງເຕັກໂນໂລຊີ ແລະ ການສື່ສານ ຮ່ວມມືກັບປະເທດຫວຽດນາມ", ["LA", "VN"], ["MTC-LA"]),
        ("my", "သိပ္ပံနှင့်နည်းပညာဝန်ကြီးဌာနသည် ထိုင်းနိုင်ငံနှင့် ပူးပေါင်းဆောင်ရွက်ခဲ့သည်", ["MM", "TH"], ["MOST-MM"]),
        ("my", "မြောက်ကိုရီးယားနိုင်ငံနှင့် ကိုရီးယားသိပ္ပံ", ["KP", "KR"], []),
    ],
)
def test_names_in_khmer_lao_myanmar_tag(taxonomy, lang, title, countries, agencies) -> None:  # type: ignore[no-untyped-def]
    tags = tag_article(title, "", lang, None, taxonomy, include_publisher=False, include_parents=False)
    assert tags.countries == countries
    assert tags.agencies == agencies


def test_a_name_inside_a_longer_word_does_not_tag(taxonomy) -> None:  # type: ignore[no-untyped-def]
    # ထိုင်းမှိုင်း is "sluggish"; ထိုင်း alone is "Thai". The economy is sluggish: no Thailand.
    text = "စီးပွားရေးထိုင်းမှိုင်းနေသည်။ ကုန်သွယ်မှု ထိုင်းမှိုင်းနေသည်။"
    assert tag_article(text, "", "my", None, taxonomy, include_publisher=False).countries == []
    # The same letters as a word of their own are Thailand.
    assert tag_article("ထိုင်း နှင့် မြန်မာ", "", "my", None, taxonomy, include_publisher=False).countries == [
        "MM",
        "TH",
    ]


def test_spans_point_at_the_words_as_written() -> None:
    text = "ASEAN: ក្រសួង\u200bវិទ្យាសាស្ត្រ ២០២៤ ແລະ ລາວ"
    for start, end, word in script_words(text):
        assert text[start:end] == word


# In a fresh interpreter: a finder on sys.meta_path notes, for every module of the heavy
# segmenter packages as it is first imported, whether core.scripts.IMPORT_LOCK was held; then
# Myanmar text is read (its Zawgyi check) and each script is segmented.
_FIRST_IMPORTS = """
import json, sys
from stiwatch.core import scripts
from stiwatch.pipelines.myanmar import unicode_myanmar

HEAVY = ("burmesenlp", "khmercut", "laonlp")
held = {}

class Watch:
    @staticmethod
    def find_spec(name, path=None, target=None):
        top = name.partition(".")[0]
        if top in HEAVY:
            held[top] = held.get(top, True) and scripts.IMPORT_LOCK.locked()
        return None

sys.meta_path.insert(0, Watch)
assert not any(name in sys.modules for name in HEAVY), "imported before the test"
unicode_myanmar("\u1019\u103c\u1014\u103a\u1019\u102c")
scripts.segment_run("my", "\u1019\u103c\u1014\u103a\u1019\u102c")
scripts.segment_run("km", "\u1780\u1798\u17d2\u1796\u17bb\u1787\u17b6")
scripts.segment_run("lo", "\u0ea5\u0eb2\u0ea7")
print(json.dumps(held))
"""


def test_heavy_segmenters_are_first_imported_under_the_lock() -> None:
    # burmesenlp imports itself in a cycle; two threads importing it at once (the web app and
    # the scheduler opening the index together) each got a half-initialised module.
    proc = subprocess.run(
        [sys.executable, "-c", _FIRST_IMPORTS], capture_output=True, text=True, timeout=600, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.splitlines()[-1]) == {"burmesenlp": True, "khmercut": True, "laonlp": True}
