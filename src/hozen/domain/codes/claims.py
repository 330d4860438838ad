"""Claims (SPEC §9, §14.4): the events that make a guarantee pay, the reasons of an assessment and
the errors of the claim workflow."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class Trigger(Code):
    """Events that make a guarantee pay (保証事由, SPEC §9.1)."""

    # the value of a member is the code on the wire; the docstring above is the OpenAPI description

    LEGAL_PROCEEDING = (
        auto(),
        "法的整理の申立て（破産・民事再生等）",
        "注文者について破産・民事再生・会社更生・特別清算の申立てがありました。",
        "A bankruptcy, civil-rehabilitation, corporate-reorganisation or special-liquidation filing against "
        "the debtor.",
    )
    TRADING_SUSPENSION = (
        auto(),
        "取引停止処分",
        "注文者が手形交換所または電子債権記録機関の取引停止処分を受けました。",
        "The debtor was suspended from trading by a clearing house or an e-receivable registry.",
    )
    PRIVATE_WORKOUT = (
        auto(),
        "私的整理",
        "注文者が債権者に私的整理を通知しました（債権者委員会・債権者集会を含む）。",
        "The debtor notified its creditors of a private workout (or a creditors' committee or meeting announced one).",
    )
    DISHONOUR = (
        auto(),
        "不渡り・支払不能",
        "注文者の手形が不渡りとなった、または電子記録債権が支払不能となりました（手形保証・電子記録債権保証のみ）。",
        "A note of the debtor was dishonoured or an e-receivable went unpaid (note and e-receivable guarantees only).",
    )
    WHEREABOUTS_UNKNOWN = (
        auto(),
        "代表者等の所在不明",
        "注文者の代表者および代理人の所在が分からなくなりました。",
        "The debtor's representative and agents cannot be found.",
    )
    BUSINESS_CLOSURE = (
        auto(),
        "事業の廃止",
        "注文者が事業を廃止し、本店を閉鎖しました。",
        "The debtor closed its business and shut its head office.",
    )


class ClaimReason(Code):
    """Why a claim assessment pays less than the claim, overall or for one receivable (SPEC §14.4)."""

    EVENT_OUTSIDE_PERIOD = (
        auto(),
        "保証期間外の事由",
        "保証事由の発生日が保証期間外のため、お支払いの対象になりません。",
        "The event happened outside the guarantee period; nothing is payable.",
    )
    NOT_A_TRIGGER = (
        auto(),
        "保証事由に該当しない",
        "保証事由に該当しません（支払遅延のみ、またはポリシーが認めない事由です）。",
        "The event is not a trigger the policy accepts (a plain payment delay never is).",
        "Overall: the event is not a trigger of the policy. On a line: a dishonour claimed for an invoice.",
    )
    CLAIM_TOO_LATE = (
        auto(),
        "請求期限経過",
        "支払期日から請求期限（ポリシーの日数）を過ぎてからの請求です。",
        "The claim was filed after the deadline counted from the due date.",
    )
    ACQUIRED_BEFORE_PERIOD = (
        auto(),
        "保証期間前に取得",
        "保証期間の開始前に取得した債権は枠保証の対象になりません。",
        "A receivable acquired before the frame's period is not covered.",
    )
    ACQUIRED_TOO_LATE = (
        auto(),
        "保証事由発生日以降に取得",
        "保証事由の発生日以降（または保証期間の終了後）に取得した債権は対象になりません。",
        "A receivable acquired on or after the event day (or after the period) is not covered.",
    )
    COLLECTED = (
        auto(),
        "回収済み分を除く",
        "回収済みの金額を除いた未回収分のみが対象です。",
        "Only the unpaid part counts; the amount collected is left out.",
    )
    DUE_EXTENDED = (
        auto(),
        "期日延長（ジャンプ）あり",
        "支払期日を延長（ジャンプ）した債権は対象になりません。",
        "A receivable whose due date was extended is not covered.",
    )
    CAPPED_BY_LIMIT = (
        auto(),
        "保証金額・極度額が上限",
        "お支払額は保証金額（枠保証では極度額）が上限です。",
        "The payout is capped at the guaranteed amount (a frame's limit).",
    )
    CAPPED_BY_ADMITTED_AMOUNT = (
        auto(),
        "確定債権額が上限",
        "お支払額は法的整理・私的整理で確定した債権額が上限です。",
        "The payout is capped at the claim amount admitted in the proceedings or workout.",
    )


class ClaimCode(Code):
    """Errors of the claim workflow: filing, documents, payout, recoveries."""

    RECEIVABLES_REQUIRED = (
        auto(),
        "対象債権の指定なし",
        "枠保証の請求には対象となる債権の一覧が必要です。",
        "A claim under a frame guarantee lists the receivables it covers.",
    )
    EVENT_IN_FUTURE = (
        auto(),
        "未来の事由発生日",
        "保証事由の発生日に未来の日付は指定できません。",
        "The event date is in the future.",
    )
    CLAIM_DOCUMENTS_MISSING = (
        auto(),
        "請求書類の不足",
        "不足している書類があります: {missing:label}",
        "Documents are missing: {missing:words}",
    )
    CLAIM_NOT_PAID = (
        auto(),
        "未払いの請求",
        "支払済みの請求にのみ回収を記録できます。",
        "Recoveries are recorded only on a paid claim.",
    )
    RECOVERY_EXCEEDS_PAYOUT = (
        auto(),
        "回収額が支払額超過",
        "回収額の合計 {recovered:,}円 が支払額 {paid_amount:,}円 を超えます。",
        "Recoveries of ¥{recovered:,} would exceed the payout of ¥{paid_amount:,}.",
    )
    DECISION_NOT_READY = (
        auto(),
        "未決定の請求",
        "保証債務の履行請求はまだ決定していません。",
        "The claim is not decided yet.",
    )
    DOCUMENT_FILE_REQUIRED = (
        auto(),
        "書類ファイルの選択なし",
        "提出する書類のファイルを選んでください。",
        "Choose the file of the document to submit.",
    )
    DOCUMENT_FILE_TYPE = (
        auto(),
        "書類ファイルの形式の不正",
        "書類はPDF・JPEG・PNGのいずれかのファイルで提出してください（「{file_name}」はこれらの形式ではありません）。",
        "Submit the document as a PDF, JPEG or PNG file ('{file_name}' is none of these).",
    )
    DOCUMENT_FILE_TOO_LARGE = (
        auto(),
        "書類ファイルの大きさ超過",
        "書類のファイルは{limit_mb}MBまでです（「{file_name}」はこれを超えています）。",
        "A document file may be at most {limit_mb} MB ('{file_name}' is larger).",
    )
    DOCUMENT_FILE_MISSING = (
        auto(),
        "書類ファイルなし",
        "この書類はファイルではなく紙で受領しています。",
        "This document was received on paper; there is no file.",
    )
