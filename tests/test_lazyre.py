import re

from hypothesis import given
from hypothesis import strategies as st

from unionnlp.text.lazyre import lazy_re

_PATTERN = r"(?P<num>\d+(?:\.\d+)?)\s*(?:家|名|万人次)|[“”]"
_TEXTS = st.text(alphabet=st.sampled_from(list("0123456789. 家名万人次“”工会女职工")), max_size=40)


@given(_TEXTS)
def test_a_lazy_pattern_answers_as_the_compiled_one(text):
    lazy, compiled = lazy_re(_PATTERN), re.compile(_PATTERN)
    assert bool(lazy.search(text)) == bool(compiled.search(text))
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("#", text) == compiled.sub("#", text)
    assert lazy.split(text) == compiled.split(text)
    assert lazy.findall(text) == compiled.findall(text)
    assert (lazy.fullmatch(text) is None) == (compiled.fullmatch(text) is None)


def test_nothing_is_compiled_before_first_use():
    pattern = lazy_re(r"工会(")  # not a valid expression: only use would find out
    assert pattern.pattern == r"工会(" and pattern.flags == 0
    try:
        pattern.search("工会")
    except re.error:
        pass
    else:  # pragma: no cover
        raise AssertionError("an invalid pattern compiled")


def test_after_first_use_the_methods_are_the_compiled_ones():
    pattern = lazy_re(r"\d+", re.ASCII)
    assert pattern.match("12").group() == "12"
    assert pattern.groups == 0
    assert "search" in vars(pattern)  # no __getattr__ on the hot path
