"""でんさい 開示 CSV (SPEC §17): dates as banks write them, record numbers, names, and the file read row by row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hozen.domain.densai import name_key, parse_date, record_number, user_number
from hozen.domain.errors import DomainError
from hozen.services.densai import load_mapping, parse_densai

D = dt.date


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2026/11/20", D(2026, 11, 20)),
        ("2026/1/5", D(2026, 1, 5)),
        ("2026-11-20", D(2026, 11, 20)),
        ("2026.11.20", D(2026, 11, 20)),
        ("20261120", D(2026, 11, 20)),
        ("２０２６／１１／２０", D(2026, 11, 20)),  # full-width, as typed in a spreadsheet
        ("2026年11月20日", D(2026, 11, 20)),
        ("令和8年11月20日", D(2026, 11, 20)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("R8.11.20", D(2026, 11, 20)),
        ("r8/2/26", D(2026, 2, 26)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("H30.3.31", D(2018, 3, 31)),
        (" 2026/11/20 ", D(2026, 11, 20)),
    ],
)
def test_dates_as_banks_and_people_write_them(written: str, day: dt.date) -> None:
    assert parse_date(written) == day


@pytest.mark.parametrize(
    "written",
    [
        "2026/02/30",  # no such day
        "20261320",
        "令和1年4月30日",  # 令和 began on 1 May 2019
        "平成31年5月1日",  # 平成 ended on 30 April 2019
        "令和0年5月1日",
        "昭和60年1月1日",  # no receivable of that age is alive
        "2026/11",
        "11/20/2026",
        "明日",
        "",
    ],
)
def test_what_is_not_a_date(written: str) -> None:
    assert parse_date(written) is None


def test_record_and_user_numbers() -> None:
    assert record_number("98765432100000100017") == "98765432100000100017"
    assert record_number("ａｂ７６５４３２１０００００１０００１７") == "AB765432100000100017"  # folded, upper case
    assert record_number("9876543210000010001") is None  # 19 characters
    assert record_number("98765432100000-00017") is None
    assert user_number("987654321") == "987654321"
    assert user_number("98765432") is None


def test_company_names_compare_with_their_forms_written_out() -> None:
    assert name_key("㈱大和建設") == name_key("株式会社 大和建設") == name_key("（株）大和建設")
    assert name_key("東西建設(株)") == name_key("東西建設株式会社")
    assert name_key("大和建設") != name_key("株式会社大和建設")


HEADINGS = "記録番号,記録種別,発生日,支払期日,債権金額,債務者利用者番号,債務者名"


def _csv(*rows: str, encoding: str = "cp932", preamble: str = "でんさい 開示結果,2026/11/20現在") -> bytes:
    return "\r\n".join([preamble, HEADINGS, *rows]).encode(encoding) + b"\r\n"


def test_a_shift_jis_file_is_read_with_the_default_mapping() -> None:
    content = _csv(
        '98765432100000100017,発生記録,2026/11/02,2027/01/29,"1,200,000",123456789,ｵｵｿﾞﾗｹﾝｾﾂ(ｶ',
        "ＡＢ７６５４３２１０００００１０００１８,譲渡記録,令和8年11月4日,20270226,２，５００，０００,,㈱大和建設",
    )
    records, problems = parse_densai(content, load_mapping())
    assert problems == []
    first, second = records
    assert (first.row, first.record_number, first.issue_date, first.due_date, first.amount) == (
        3,
        "98765432100000100017",
        D(2026, 11, 2),
        D(2027, 1, 29),
        "1,200,000",
    )
    assert (first.transferred, first.debtor_user_number, first.debtor_corporate_number) == (False, "123456789", None)
    assert (second.row, second.record_number, second.transferred) == (4, "AB765432100000100018", True)
    assert (second.issue_date, second.due_date, second.debtor_user_number) == (D(2026, 11, 4), D(2027, 2, 26), None)
    assert second.debtor_name == "㈱大和建設"


def test_a_utf8_file_with_a_bom_and_headings_with_spaces_is_read() -> None:
    content = "\ufeff" + "記録番号,記録種別,発生日,支払期日,債権金額,債務者 利用者番号,債務者名\n"
    content += "98765432100000100017,発生,2026-11-02,2027-01-29,1200000,123456789,大空建設\n"
    records, problems = parse_densai(content.encode("utf-8"), load_mapping())
    assert problems == [] and [r.debtor_user_number for r in records] == ["123456789"]


def test_each_bad_cell_is_named_by_its_column() -> None:
    content = _csv(
        "12345,発生記録,2026/11/02,2027/01/29,1000000,123456789,",
        "98765432100000100018,発生記録,2026/02/30,2027/01/29,1000000,123456789,",
        "98765432100000100019,質権設定,2026/11/02,,1000000,12345,",
        "98765432100000100020,発生記録,2026/11/02,2027/01/29,,,",
    )
    _, problems = parse_densai(content, load_mapping())
    found = {p["row"]: [(e["field"], e["code"]) for e in p["errors"]] for p in problems}
    assert found == {
        3: [("記録番号", "DENSAI_RECORD_NUMBER_INVALID")],
        4: [("発生日", "DENSAI_DATE_INVALID")],
        5: [
            ("支払期日", "FIELD_REQUIRED"),
            ("記録種別", "DENSAI_RECORD_KIND_UNKNOWN"),
            ("債務者利用者番号", "TEXT_FORMAT_INVALID"),
        ],
        6: [("債権金額", "FIELD_REQUIRED"), ("債務者名", "FIELD_REQUIRED")],
    }
    [kind] = [e for p in problems if p["row"] == 5 for e in p["errors"] if e["field"] == "記録種別"]
    assert kind["message_ja"].startswith("記録種別「質権設定」が列の対応表にありません")


def test_a_file_in_neither_encoding_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        parse_densai(HEADINGS.encode("utf-8") + b"\r\n\x81\x20,\x85\x40\r\n", load_mapping())
    assert refused.value.code == "IMPORT_ROWS_INVALID" and refused.value.context["variant"] == "encoding"


def test_a_file_without_the_mapped_columns_is_refused_naming_them() -> None:
    content = "記録番号,発生日,債権金額\n98765432100000100017,2026/11/02,1000000\n".encode()
    with pytest.raises(DomainError) as refused:
        parse_densai(content, load_mapping())
    assert refused.value.context["variant"] == "missing_columns"
    assert refused.value.message_ja.startswith("でんさいCSVに必要な列がありません: 支払期日, 記録種別, ")


CUSTOM = (Path(__file__).resolve().parents[2] / "docs" / "examples" / "densai-mapping-b.toml").read_bytes()


def test_a_custom_mapping_reads_another_banks_headings() -> None:
    content = "支払企業法人番号,電子記録債権番号,取得区分,振出日,満期日,金額\n"
    content += "8007010001001,98765432100000100017,譲受,2026/11/02,2027/01/29,800000\n"
    [record], problems = parse_densai(content.encode("cp932"), load_mapping(CUSTOM))
    assert problems == []
    assert (record.debtor_corporate_number, record.transferred, record.amount) == ("8007010001001", True, "800000")


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        (b"name = ", "Invalid value"),
        (CUSTOM.replace(b'record_number = "', b'record_numbr = "'), "columns.record_numbr"),
        (CUSTOM.replace('debtor_corporate_number = "支払企業法人番号"'.encode(), b""), "columns: "),
        (b"\xff\xfe", "utf-8"),
    ],
)
def test_a_bad_mapping_is_refused_with_what_is_wrong(text: bytes, detail: str) -> None:
    with pytest.raises(DomainError) as refused:
        load_mapping(text)
    assert refused.value.code == "DENSAI_MAPPING_INVALID" and detail in refused.value.context["detail"]
