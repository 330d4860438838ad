"""The workflows (SPEC §8): reviews, applications, guarantees, frames, purchases, discounts and the
documents they produce — state changes, four eyes, payments, dates."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class WorkflowCode(Code):
    """A step of a workflow that cannot be taken now, by this person, or with these figures."""

    ILLEGAL_TRANSITION = (
        auto(),
        "変更できない状態",
        "{entity:label}の状態を「{from:label}」から「{to:label}」へ変更することはできません。",
        "A {entity:words} cannot go from '{from}' to '{to}'.",
        "Only the transitions of SPEC §8 are allowed; the context names the entity and both states.",
    )
    FOUR_EYES_REQUIRED = (
        auto(),
        "別の決裁者が必要",
        "審査を担当した方は同じ案件を決裁できません。別の決裁者が承認してください。",
        "The underwriter of a review cannot approve it; a second person must approve.",
        "Four eyes: whoever prepared a decision (reviewed, assessed) cannot also approve it.",
        {
            "claim": (
                "査定した方は同じ請求を決裁できません。",
                "The person who assessed a claim cannot approve its payout.",
            ),
            "limit": (
                "限度額の変更を依頼した方は、その依頼を承認・否決できません。別の方が判断してください。",
                "Whoever requested a limit change cannot approve or reject it; a second person must decide.",
            ),
        },
    )
    SENIOR_APPROVAL_REQUIRED = (
        auto(),
        "上席決裁が必要",
        "保証金額合計 {total_amount:,}円 は {threshold:,}円 を超えるため、上席決裁者の承認が必要です。",
        "The total of ¥{total_amount:,} exceeds ¥{threshold:,}; a senior approver must approve.",
    )
    IDEMPOTENCY_KEY_REUSED = (
        auto(),
        "冪等キーの再利用",
        "この冪等キーは別の依頼に使われています。",
        "This idempotency key was already used for a different request.",
        "The same Idempotency-Key with a different request body, also when both arrive at once.",
        {
            "payment": (
                "この冪等キーは別の入金に使われています。",
                "This idempotency key was already used for a different payment.",
            )
        },
    )
    REVIEW_NOT_APPROVED = (
        auto(),
        "審査結果が未決裁",
        "決裁済みの審査結果にのみお申込みいただけます（現在: {state:label}）。",
        "Only an approved review result can be applied for (state: {state}).",
    )
    REVIEW_NOT_YOURS = (
        auto(),
        "担当外の審査依頼",
        "この審査依頼はあなたが審査中のものではありません。",
        "This review request is not under review by you.",
    )
    LINES_UNDECIDED = (
        auto(),
        "未判断の明細あり",
        "未判断の明細が{count}件あります。",
        "{count} line(s) are not decided yet.",
    )
    LINE_NOT_ELIGIBLE = (
        auto(),
        "対象要件を満たさない明細",
        "対象要件を満たさない明細は承認できません: {messages_ja}",
        "A line that fails eligibility cannot be accepted: {messages_en}",
    )
    LINE_NOT_ACCEPTED = (
        auto(),
        "承認されていない明細",
        "承認されていない明細にはお申込みいただけません（明細 {line_ids:words}）。",
        "Lines {line_ids:words} were not accepted in the review.",
    )
    NO_LINES_CHOSEN = (
        auto(),
        "明細の選択なし",
        "お申込みする明細を選んでください。",
        "Choose at least one line.",
    )
    RATE_REQUIRED = (
        auto(),
        "保証料率の入力なし",
        "保証料率を入力してください。",
        "Give the gross rate to accept the line.",
    )
    GUARANTEED_AMOUNT_TOO_HIGH = (
        auto(),
        "保証金額の上限超過",
        "保証金額は {maximum:,}円 までです。",
        "The guaranteed amount may be at most ¥{maximum:,}.",
    )
    DECLINE_REASON_REQUIRED = (
        auto(),
        "謝絶理由の入力なし",
        "謝絶の理由を入力してください。",
        "Give the reason for declining.",
    )
    RETURN_REASON_REQUIRED = (
        auto(),
        "差戻し理由の入力なし",
        "差し戻す理由を入力してください。",
        "Give the reason for returning the review.",
    )
    LIMIT_STILL_EXCEEDED = (
        auto(),
        "限度額不足",
        "限度額がまだ不足しています（{reasons:label}）。先に限度額を変更してください。",
        "The application still exceeds a limit: {reasons:words}",
    )
    LIMIT_EXCEEDED = (
        auto(),
        "限度額超過",
        "増額すると限度額を超えます（{reasons:label}）。先に限度額を変更してください。",
        "The increase would exceed a limit: {reasons:words}",
    )
    INVOICE_NOT_OPEN = (
        auto(),
        "入金を受け付けない請求書",
        "請求書 {number} は入金を受け付けられる状態ではありません（{state:label}）。",
        "Invoice {number} cannot take a payment (state: {state}).",
    )
    PAYMENT_AMOUNT_MISMATCH = (
        auto(),
        "入金額の不一致",
        "入金額 {received:,}円 が請求額 {invoiced:,}円 と一致しません。",
        "The amount received (¥{received:,}) differs from the invoice (¥{invoiced:,}).",
    )
    PAYMENT_IN_FUTURE = (
        auto(),
        "未来の入金日",
        "入金日（{received_on}）に未来の日付は指定できません（業務日 {today}）。",
        "The date received ({received_on}) is after the business date ({today}).",
    )
    PAYMENT_AFTER_DUE_DATE = (
        auto(),
        "支払期日後の入金",
        "保証料の入金が支払期日より後のため、保証を開始できません。返金の手続きをしてください。",
        "The fee arrived after the receivable's due date; the guarantee cannot take effect.",
    )
    PAID_ON_IN_FUTURE = (
        auto(),
        "未来の支払日",
        "支払日に未来の日付は指定できません。",
        "The payment date is in the future.",
    )
    PERIOD_TOO_SHORT = (
        auto(),
        "保証期間が短すぎる",
        "保証期間の終了日は保証開始予定日（{earliest}）より後にしてください。",
        "The period must end after the earliest start date ({earliest}).",
    )
    TOP_UP_NOT_POSSIBLE = (
        auto(),
        "追加保証できない保証",
        "追加保証は有効な売掛金保証にのみ申し込めます。",
        "A top-up is possible only for a live AR guarantee.",
    )
    NOT_A_FRAME = (
        auto(),
        "枠保証でない",
        "枠保証ではありません。",
        "This guarantee is not a frame guarantee.",
    )
    FRAME_NOT_ACTIVE = (
        auto(),
        "有効でない枠保証",
        "有効な枠保証のみ変更できます。",
        "Only an active frame can be changed.",
    )
    FRAME_ENDING = (
        auto(),
        "保証期間の終了間際",
        "保証期間の終了間際のため変更できません。",
        "The frame ends too soon.",
    )
    NEW_LIMIT_REQUIRED = (
        auto(),
        "変更後の極度額なし",
        "変更後の極度額を入力してください。",
        "Give the new limit.",
    )
    LIMIT_CHANGE_DIRECTION = (
        auto(),
        "極度額の増減の誤り",
        "増額は現在の極度額より大きく、減額は小さくしてください。",
        "An increase must raise the limit and a decrease must lower it.",
    )
    NEW_END_REQUIRED = (
        auto(),
        "延長後の終了日の誤り",
        "延長後の終了日は現在の終了日（{current_end}）より後にしてください。",
        "Give a new period end after {current_end}.",
    )
    PURCHASE_LEAD_TIME_TOO_SHORT = (
        auto(),
        "書類の到着遅れ",
        "手形原本は買取日の{days}営業日前（{deadline}）までに必要です（到着: {arrived_on}）。",
        "The original note must arrive {days} business days before the purchase date, by {deadline} "
        "(arrived {arrived_on}).",
        "",
        {
            "erecord": (
                "譲渡記録は買取日の{days}営業日前（{deadline}）までに必要です（到着: {arrived_on}）。",
                "The transfer record must arrive {days} business days before the purchase date, by {deadline} "
                "(arrived {arrived_on}).",
            )
        },
    )
    PURCHASE_PROCEEDS_NOT_POSITIVE = (
        auto(),
        "買取代金なし",
        "手数料が額面以上のため、買取できません。",
        "The fees are not less than the face value; the note cannot be bought.",
    )
    ARRIVAL_IN_FUTURE = (
        auto(),
        "未来の到着日",
        "到着日に未来の日付は指定できません。",
        "The arrival date is in the future.",
    )
    BEFORE_PURCHASE_DATE = (
        auto(),
        "買取日前の実行",
        "買取日（{purchase_date}）より前には実行できません。",
        "The purchase cannot be executed before its date ({purchase_date}).",
    )
    INVALID_SETTLEMENT_DATE = (
        auto(),
        "決済日の誤り",
        "決済日は支払期日以降、本日以前の日にしてください。",
        "The settlement date must be on or after the due date and not in the future.",
    )
    NOT_DISCOUNTABLE = (
        auto(),
        "割引できない保証",
        "割引は有効な手形保証・電子記録債権保証に限ります。",
        "Only a note or e-receivable under an active guarantee can be discounted.",
    )
    ALREADY_DISCOUNTED = (
        auto(),
        "割引済み",
        "この手形は割引済みです。",
        "This note is already discounted.",
    )
    DISCOUNT_CONTRACTS_MISSING = (
        auto(),
        "割引の契約書類なし",
        "割引には融資取引基本契約書と特約書が必要です: {missing:label}",
        "A discount needs the loan agreement and the special terms on file: {missing:words}",
    )
    INVALID_DISCOUNT_DATE = (
        auto(),
        "割引日の誤り",
        "割引日は本日以降・手形の到着以降・支払期日より前の日にしてください。",
        "The discount date must be today or later, after the note arrived and before the due date.",
    )
    IMPORT_ROWS_INVALID = (
        auto(),
        "取込みできない一覧",
        "{count}行に誤りがあるため、取り込みませんでした（{listing_ja}）。",
        "{count} row(s) are invalid; nothing was imported ({listing_en}).",
        "A list of receivables (CSV or Excel) that cannot be imported; nothing of it is imported.",
        {
            "empty": ("ファイルが空です。", "The file is empty."),
            "unknown_headings": (
                "見出しが認識できません: {headings:words}",
                "Unrecognised column headings: {headings:words}",
            ),
            "unreadable_excel": ("Excelファイルを読めません: {error}", "Cannot read the Excel file: {error}"),
            "file_type": (
                "CSV（.csv）または Excel（.xlsx）ファイルを指定してください。",
                "Give a CSV (.csv) or Excel (.xlsx) file.",
            ),
            "too_many_rows": ("行数が上限（{maximum:,}行）を超えています。", "More than {maximum:,} rows."),
            "no_rows": ("明細行がありません。", "The list has no rows."),
            "too_large": (
                "ファイルが大きすぎます（{maximum}MB まで）。",
                "The file is too large (at most {maximum} MB).",
            ),
            "encoding": (
                "CSVの文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）。",
                "Cannot decode the CSV file; save it as UTF-8 or Shift_JIS.",
            ),
            "no_file": (
                "でんさいの開示結果CSVファイルを指定してください。",
                "Choose the densai disclosure CSV file.",
            ),
            "densai_file_type": (
                "でんさいの開示結果は CSV（.csv）ファイルで指定してください。",
                "Give the densai disclosure file as CSV (.csv).",
            ),
            "missing_columns": (
                "でんさいCSVに必要な列がありません: {columns:words}（列の対応表「{mapping}」）",
                "The densai CSV lacks the column(s) {columns:words} (column mapping '{mapping}').",
            ),
        },
    )
    DENSAI_RECORD_NUMBER_INVALID = (
        auto(),
        "記録番号の不正",
        "記録番号は半角英数字20文字です（「{value}」）。",
        "A densai record number has 20 letters or digits ('{value}').",
    )
    DENSAI_RECORD_KIND_UNKNOWN = (
        auto(),
        "記録種別が不明",
        "記録種別「{value}」が列の対応表にありません（発生: {issuance:words}、譲渡: {transfer:words}）。",
        "Record kind '{value}' is not in the column mapping (issuance: {issuance:words}; transfer: {transfer:words}).",
    )
    DENSAI_DATE_INVALID = (
        auto(),
        "日付不正",
        "日付を 2026/11/20、20261120 または 令和8年11月20日 の形式で、実在する日で指定してください（「{value}」）。",
        "Give a real date as 2026/11/20, 20261120 or in the Japanese era (R8.11.20) ('{value}').",
    )
    DENSAI_MAPPING_INVALID = (
        auto(),
        "列の対応表の誤り",
        "でんさいCSVの列の対応表（TOML）を読めません: {detail}",
        "Cannot read the densai column mapping (TOML): {detail}",
        "A column mapping for でんさい 開示 CSV that is not valid TOML or lacks a required column (docs/densai.md).",
    )
    RESULT_NOT_READY = (
        auto(),
        "審査結果が未決裁",
        "審査結果はまだ決裁されていません。",
        "The review result is not approved yet.",
    )
    CERTIFICATE_NOT_ISSUED = (
        auto(),
        "保証承諾書が未発行",
        "保証承諾書は保証の効力発生日に発行されます。",
        "The certificate is issued on the guarantee's effect date.",
    )
    PURCHASE_NOT_EXECUTED = (
        auto(),
        "買取が未実行",
        "買取はまだ実行されていません。",
        "The purchase is not executed yet.",
    )
