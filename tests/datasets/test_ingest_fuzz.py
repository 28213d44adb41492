"""Fuzzing the ingest: random and mutated files never cause anything but IngestError.

Every file either reads as a table or is refused with a message for the editor;
no other exception (a server error) may escape, whatever the bytes.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasets import ingest

CORPUS = Path(__file__).resolve().parent / "corpus"
SEEDS = [p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.stat().st_size < 100_000]


def read_or_refuse(content: bytes):
    try:
        inspection = ingest.inspect(ContentFile(content, name="fuzz"))
        for _ in inspection.rows():
            pass
    except ingest.IngestError as exc:
        message = str(exc)
        assert message.strip(), "a refusal must say why"


@st.composite
def mutated(draw):
    """A corpus file with bytes flipped, cut, duplicated or inserted."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "duplicate"]))
        at = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif action == "cut":
            data = data[:at]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif data:
            data[at:at] = data[at : at + draw(st.integers(min_value=1, max_value=64))]
    return bytes(data)


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_are_read_or_refused_with_a_message(content):
    read_or_refuse(content)


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_random_text_is_read_or_refused_with_a_message(text):
    read_or_refuse(text.encode("utf-8"))


@FUZZ
@given(mutated())
def test_mutated_corpus_files_are_read_or_refused_with_a_message(content):
    read_or_refuse(content)
