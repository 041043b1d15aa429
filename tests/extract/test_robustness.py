"""Bad input: no exception, no claims from garbage, time linear in the input."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from aigap.extract import extract_claims


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\n", "\x00\x01\x02\x1b[31m", "😀🚀🤖" * 100, "ÿþ\ufffd\ufffd" * 200,
     bytes(range(256)).decode("latin-1") * 20, "中文English混合русский日本語" * 50, "\u202e\u200b" * 100],
)
def test_garbage_gives_no_claims_and_no_error(text: str) -> None:
    assert extract_claims(text, "g") == []


def test_random_bytes_decoded_as_text() -> None:
    rng = random.Random(7)
    blob = bytes(rng.randrange(256) for _ in range(200_000)).decode("utf-8", errors="replace")
    claims = extract_claims(blob, "g")
    assert claims == []


# The timings run in a child process: pytest-cov traces this process only, and the tracer's cost grows
# with the Python work per character, so it would blur the ratio these tests measure (and triple their
# time). The code they time is covered by the rest of the suite. They time the child's CPU (extraction is
# single-threaded Python): tests on the other cores, or a loaded machine, do not stretch one of the two
# timings as they stretch wall time, so these run in the parallel part of the suite.
_CHILD = """
import json, sys, time
from aigap.extract import extract_claims
unit, small_n, big_n, needle = json.loads(sys.stdin.read())
out = []
for n in (small_n, big_n):
    text = unit * n
    t0 = time.process_time()
    claims = extract_claims(text, "t")
    out.append([time.process_time() - t0, len(claims), text.count(needle) if needle else 0])
print(json.dumps(out))
"""


def _timed(unit: str, small_n: int, big_n: int, needle: str = "") -> list[tuple[float, int, int]]:
    """[(CPU seconds, claims found, needles in the text)] for ``unit * small_n`` and ``unit * big_n``."""
    proc = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps([unit, small_n, big_n, needle]),
                          capture_output=True, text=True, timeout=900, check=True)
    return [tuple(row) for row in json.loads(proc.stdout)]  # type: ignore[misc]


@pytest.mark.parametrize("unit", ["1" * 50, "数" * 50 + "亿", "超过" * 40 + "1", "a1-" * 40, "第" * 60, "百分之" * 30, "1,"])
def test_time_is_linear_on_adversarial_runs(unit: str) -> None:
    (t_small, _, _), (t_big, _, _) = _timed(unit, 500, 2_000)
    # 4x the input may cost at most ~4x (with slack for noise), never 16x (quadratic)
    assert t_big < max(0.25, t_small * 8)


@pytest.mark.slow
def test_fifty_megabyte_single_line() -> None:
    """50 MB of UTF-8 on one line (no newline, few stops): it finishes, its figures are found, and it
    costs about 10x a 5 MB line, not 100x."""
    unit = "中美两国在人工智能领域的竞争持续加剧而各方对差距的看法并不一致" * 20 + "美国投资超过500亿美元"
    per = len(unit.encode("utf-8"))
    (t_small, _, _), (t_big, found, expected) = _timed(unit, 5 * 1024 * 1024 // per, 50 * 1024 * 1024 // per,
                                                      needle="超过500亿美元")
    assert expected > 10_000 and found == expected
    assert t_big < t_small * 20
