"""Text in every supported encoding reads as the same Vietnamese, and gives the
same figures as the UTF-8 original."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest import charsets
from chitieu.pipeline.ingest.detect import decode_bytes, vietnamese_score
from tests.builders import ENCODERS, build_encoded, corpus_files
from tests.scoring import Scored, score_kind

SAMPLE = "Báo cáo: tỷ lệ hộ nghèo giảm còn 3,47%; Đề án 161 đạt kết quả tốt."
LEGACY = ["cp1258", "tcvn3", "vni", "viqr"]


def corpus_text(path: Path) -> str:
    """The corpus text as a legacy charset can hold it (curly quotes made straight)."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig"))
    return text.translate(charsets.ASCII_STAND_INS).replace("Ð", "Đ")


def test_each_legacy_charset_spells_vietnamese_as_its_fonts_do() -> None:
    assert charsets.encode_tcvn3("Báo cáo Đề án") == b"B\xb8o c\xb8o \xa7\xd2 \xb8n"
    assert charsets.encode_vni("Báo cáo Đề án") == "Baùo caùo Ñeà aùn".encode("latin-1")
    assert charsets.encode_vni("Người") == "Ngöôøi".encode("latin-1")
    assert charsets.encode_viqr("Việt Nam đạt 3,5%, kết quả.") == "Vie^.t Nam dda.t 3,5%, ke^'t qua?\\."
    assert charsets.encode_cp1258("Việt") == b"Vi\xea\xf2t"  # ê + combining dot below


@pytest.mark.parametrize("encoding", LEGACY)
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name[:3])
def test_legacy_charsets_round_trip_the_corpus(path: Path, encoding: str) -> None:
    text = corpus_text(path)
    encoded = ENCODERS[encoding](text)
    decoded = decode_bytes(encoded)
    assert decoded.encoding == encoding
    assert unicodedata.normalize("NFC", decoded.text) == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-bom", "utf-16", "utf-16-le-no-bom", "nfd"])
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name[:3])
def test_unicode_forms_read_back_exactly(path: Path, encoding: str) -> None:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig"))
    decoded = decode_bytes(ENCODERS[encoding](text))
    assert decoded.encoding == {"utf-8-bom": "utf-8", "nfd": "utf-8", "utf-16-le-no-bom": "utf-16"}.get(
        encoding, encoding
    )
    assert unicodedata.normalize("NFC", decoded.text) == text
    assert decoded.warnings == []


def test_plain_utf8_corpus_files_are_never_taken_for_a_legacy_charset() -> None:
    for path in corpus_files():
        assert decode_bytes(path.read_bytes()).encoding == "utf-8"


def test_ascii_text_without_vietnamese_marks_stays_as_written() -> None:
    text = "UBND tinh Quang Nam. Ke hoach so 481/KH-UBND, dat 100% (nam 2020). Dia chi: a@b.vn"
    assert decode_bytes(text.encode()).text == text


def test_viqr_punctuation_after_a_vowel_is_kept_when_the_writer_did_not_escape_it() -> None:
    decoded = decode_bytes(b"Ba'o ca'o cu?a UBND huye^.n ve^` vie^.c thu+.c hie^.n nhu+ sau. Ho^.i nghi. ho.p xong.")
    assert decoded.encoding == "viqr"
    assert decoded.text == "Báo cáo của UBND huyện về việc thực hiện như sau. Hội nghị họp xong."


def test_mostly_utf8_with_a_few_bad_bytes_is_read_with_a_warning() -> None:
    data = SAMPLE.encode() * 20
    data = data[:50] + b"\xff\xfe" + data[50:]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.warnings == ["2 byte(s) that are not valid UTF-8 were replaced with U+FFFD"]
    assert decoded.text.count("hộ nghèo") == 20


def test_bytes_that_read_as_no_vietnamese_are_refused_with_the_encodings_named() -> None:
    noise = bytes(range(128, 256)) * 40
    with pytest.raises(InputError, match=r"encoding is not recognised .*TCVN3, VNI or VIQR"):
        decode_bytes(noise)


def test_vietnamese_score_tells_text_from_mojibake() -> None:
    assert vietnamese_score(SAMPLE) == 1.0
    assert vietnamese_score(charsets.encode_tcvn3(SAMPLE).decode("cp1258")) < 0.5


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scored]:
    root = tmp_path_factory.mktemp("encodings")
    scored = {}
    for encoding in ENCODERS:
        folder = root / encoding
        folder.mkdir()
        for path in corpus_files():
            build_encoded(folder / path.name, path, encoding)
        scored[encoding] = score_kind(folder, root / f"out-{encoding}")
    return scored


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_every_encoding_gives_the_figures_of_the_original(kinds: dict[str, Scored], encoding: str) -> None:
    scored = kinds[encoding]
    agreement, f1 = scored.agreement_with_original(), scored.report.f1
    assert agreement >= 0.95, scored.summary()
    assert f1 >= 0.95, scored.summary()
