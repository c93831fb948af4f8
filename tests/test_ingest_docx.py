"""Word documents: paragraphs and tables in reading order, and the figures of
the text originals."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import chitieu
from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest import docx
from chitieu.pipeline.ingest.charsets import encode_vni
from tests.builders import add_footnote, build_docx, corpus_files, paragraphs
from tests.scoring import score_kind

TABLE = [
    ["Chỉ tiêu", "Năm 2019", "Năm 2020"],
    ["Số hộ nghèo", "1.946 hộ", "1.358 hộ"],
    ["Tỷ lệ hộ nghèo", "4,97%", "3,47%"],
]


def test_corpus_as_docx_gives_the_figures_of_the_text_original(tmp_path: Path) -> None:
    folder = tmp_path / "docx"
    folder.mkdir()
    for path in corpus_files():
        build_docx(folder / f"{path.stem}.docx", paragraphs(path))
    scored = score_kind(folder, tmp_path / "out")
    assert all(doc.status == "ok" for doc in scored.documents)
    agreement, f1 = scored.agreement_with_original(), scored.report.f1
    assert agreement >= 0.95, scored.summary()
    assert f1 >= 0.95, scored.summary()


def test_tables_are_read_in_place_one_row_a_line(tmp_path: Path) -> None:
    lines = ["BÁO CÁO", "Kết quả giảm nghèo như sau:", "Ủy ban nhân dân huyện báo cáo./."]
    extracted = docx.read(build_docx(tmp_path / "table.docx", lines, table=TABLE))
    assert extracted.pages[0].split("\n\n") == [
        "BÁO CÁO",
        "Chỉ tiêu | Năm 2019 | Năm 2020",
        "Số hộ nghèo | 1.946 hộ | 1.358 hộ",
        "Tỷ lệ hộ nghèo | 4,97% | 3,47%",
        "Kết quả giảm nghèo như sau:",
        "Ủy ban nhân dân huyện báo cáo./.",
    ]


def test_a_docx_typed_in_a_vni_font_reads_as_unicode(tmp_path: Path) -> None:
    lines = ["Kết quả điều tra rà soát hộ nghèo cuối năm 2015 có 6.527 hộ nghèo, chiếm tỷ lệ 17,09%."]
    typed = [encode_vni(line).decode("latin-1") for line in lines]
    assert docx.read(build_docx(tmp_path / "vni.docx", ["BÁO CÁO", *typed])).pages[0] == "BÁO CÁO\n\n" + lines[0]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 cut short", "this .docx is not a Word document (it is not a ZIP package; is it an old .doc?)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "is not a Word document (it is not a ZIP package"),
    ],
    ids=["truncated-zip", "old-doc"],
)
def test_files_named_docx_that_are_not_word_documents_say_what_they_are(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(reason)):
        docx.read(path)


def test_a_zip_that_is_not_a_word_document_is_named_so(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bao_cao.txt", "Báo cáo")
    with pytest.raises(InputError, match=re.escape("it is a ZIP without word/document.xml")):
        docx.read(path)


def test_a_footnote_follows_the_paragraph_that_cites_it_in_its_section(tmp_path: Path) -> None:
    lines = [
        "BÁO CÁO",
        "I. KẾT QUẢ NĂM 2025",
        "Toàn huyện còn 120 hộ nghèo.",
        "II. NHIỆM VỤ NĂM 2026",
        "Phấn đấu giảm 30 hộ.",
    ]
    path = add_footnote(build_docx(tmp_path / "notes.docx", lines), 2, "Trong đó xã Tân Lập có 12 hộ nghèo.")
    assert docx.read(path).pages[0].split("\n\n") == [*lines[:3], "Trong đó xã Tân Lập có 12 hộ nghèo.", *lines[3:]]
    document = chitieu.process(path)
    assert [(f.value, f.status, f.period) for f in document.figures] == [
        (120, "actual", "2025"),
        (12, "actual", "2025"),
        (30, "target", "2026"),
    ]
