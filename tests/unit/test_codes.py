"""The registry of codes: every code has its words in both languages, and nothing is raised unregistered."""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from hozen.domain import glossary
from hozen.domain.codes import Code, EligibilityCode, Labelled, all_codes, areas, find, labelled_enums
from hozen.domain.codes.base import _Lenient, fields, render, shared_fields
from hozen.domain.errors import ConflictError, DomainError
from hozen.domain.states import ClaimState, Entity, ReviewState

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "hozen"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
CODE_LITERAL = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
RAISERS = re.compile(r"(Error|_error|_invalid|^fail|^problem_response)$")

WORDINGS = [
    pytest.param(code, variant, ja, en, id=f"{code.value}{'/' + variant if variant else ''}")
    for code in all_codes()
    for variant, (ja, en) in code.wordings().items()
]


@pytest.mark.parametrize(("code", "variant", "ja", "en"), WORDINGS)
def test_every_wording_has_japanese_and_english_drawn_from_one_context(
    code: Code, variant: str, ja: str, en: str
) -> None:
    assert code.label.strip() and JAPANESE.search(code.label), "a label people can read"
    assert JAPANESE.search(ja), "the Japanese message is Japanese"
    assert en.strip() and not JAPANESE.search(en), "the English message is English"
    assert shared_fields(ja) == shared_fields(en), "both languages read the same context keys"


def test_codes_are_unique_across_areas_and_found_by_value() -> None:
    values = [code.value for code in all_codes()]
    assert [value for value, count in Counter(values).items() if count > 1] == []
    assert all(find(value) is not None and find(value) == value for value in values)
    assert find("NO_SUCH_CODE") is None
    assert len(areas()) >= 8


def test_every_labelled_value_has_a_japanese_label() -> None:
    kinds = labelled_enums()
    assert {"ReviewState", "ClaimState", "Product", "Role", "LineDecision", "ClaimDocumentKind"} <= {
        k.__name__ for k in kinds
    }
    missing = [f"{kind.__name__}.{m.name}" for kind in kinds for m in kind if not JAPANESE.search(m.label)]
    assert missing == []


def test_a_label_belongs_to_its_entity() -> None:
    assert ReviewState.APPROVED == ClaimState.APPROVED == "approved"  # the stored values are unchanged …
    assert ReviewState.APPROVED.label == "審査結果通知済み"  # … but people read what it means here
    assert ClaimState.APPROVED.label == "決裁済み"
    assert ClaimState.PAID.label == "支払済み"
    assert ClaimState.label_of("no_such_state") == "no_such_state"


def test_messages_fill_their_fields_from_the_context_and_choose_a_variant() -> None:
    error = ConflictError(
        EligibilityCode.RECEIVABLE_TOO_SHORT, {"variant": "period", "number": 2, "days": 9, "minimum": 14}
    )
    assert error.code == "RECEIVABLE_TOO_SHORT" and error.status == 409
    assert error.message_ja == "2件目: 保証期間が 9日 で、14日 以上必要です。"
    assert error.message_en == "Receivable 2: a guarantee period of 9 days; at least 14 are needed."
    assert error.context["minimum"] == 14


def test_a_missing_field_never_shows_braces() -> None:
    assert EligibilityCode.APPLICATION_TOO_SMALL.message_ja({"total": 1000}) == (
        "お申込み金額の合計 1,000円 が最低額 …円 に達していません。"
    )


@pytest.mark.parametrize(
    "value", [None, 1_234_567, "a_b", ["a_b", "c"], ReviewState.APPROVED, dt.date(2026, 12, 4)], ids=repr
)
def test_every_wording_reads_as_a_full_format_of_its_template(value: object) -> None:
    """Templates are parsed once and filled field by field: every wording in the registry reads as
    ``string.Formatter`` fills it (missing fields, lists, labels, numbers with separators)."""
    for code in all_codes():
        for ja, en in code.wordings().values():
            for template in (ja, en):
                context = {} if value is None else dict.fromkeys(fields(template), value)
                assert render(template, context) == _Lenient().vformat(template, (), context), (code, template)


def test_a_template_with_more_than_plain_names_is_filled_as_well() -> None:
    context = {"lines": [3, 4], "total": 1_000}
    assert render("{lines[1]}件目 {total:,}円 {missing!r}", context) == "4件目 1,000円 …"


def test_labels_and_words_render_enum_values_for_people() -> None:
    from hozen.domain.codes import WorkflowCode

    context = {"entity": Entity.CLAIM, "from": ClaimState.PAID, "to": ClaimState.FILED}
    assert WorkflowCode.ILLEGAL_TRANSITION.message_ja(context) == (
        "保証債務の履行請求の状態を「支払済み」から「受付」へ変更することはできません。"
    )
    assert WorkflowCode.ILLEGAL_TRANSITION.message_en(context) == "A claim cannot go from 'paid' to 'filed'."


def test_a_code_written_as_a_string_is_refused() -> None:
    with pytest.raises(TypeError):
        DomainError("NOT_A_REGISTERED_CODE", {"k": 1})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        DomainError("SOMETHING", "日本語", "English")  # type: ignore[arg-type, call-arg]
    error = ConflictError(EligibilityCode.APPLICATION_TOO_SMALL, {"total": 1, "minimum": 2})
    assert error.code is EligibilityCode.APPLICATION_TOO_SMALL and error.context == {"total": 1, "minimum": 2}


def _literal_codes() -> dict[str, list[str]]:
    """Every code written as a string literal where an error is raised or a failure built in src/ (none)."""
    found: dict[str, list[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            candidates = [k.value for k in node.keywords if k.arg == "code"]
            if RAISERS.search(name):
                candidates += node.args[:2]  # the code comes first (after the status in problem_response)
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CODE_LITERAL.match(arg.value):
                    found.setdefault(arg.value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_code_is_written_as_a_string_where_an_error_is_raised() -> None:
    """Every raise site, ``problem_response`` and the CLI's ``fail`` name a registered ``Code`` member."""
    assert _literal_codes() == {}


@pytest.mark.parametrize(
    "source",
    [
        'raise ConflictError("NEVER_REGISTERED", "ja", "en")\n',
        'return problem_response(409, "NEVER_REGISTERED")\n',
        'fail("NEVER_REGISTERED", {})\n',
        'raise DomainError(code="NEVER_REGISTERED")\n',
    ],
)
def test_the_scan_would_catch_a_code_written_as_a_string(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "module.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["SOURCE"]), "SOURCE", tmp_path)
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert "NEVER_REGISTERED" in _literal_codes()


def test_docs_codes_md_is_generated_from_the_registry() -> None:
    committed = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert committed == glossary.markdown(), "run: python -m hozen.domain.glossary > docs/codes.md"
    for code in all_codes():
        assert f"`{code.value}`" in committed


def test_labelled_is_the_base_of_codes() -> None:
    assert issubclass(Code, Labelled)
    assert all(issubclass(area, Code) for area in areas())
