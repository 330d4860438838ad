"""The audit trail: the decisions recorded on objects, and the verification of the hash chain over the
history (``hozen audit verify``)."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code, Labelled


class AuditCode(Code):
    """What ``hozen audit verify`` reports about the history's hash chain."""

    HISTORY_CHAIN_INTACT = (
        auto(),
        "履歴の改ざんなし",
        "履歴{count}件のハッシュ連鎖を検証しました。改ざんはありません。先頭ハッシュ: {head_hash}",
        "OK: {count} history rows verified, the chain is intact. Head hash: {head_hash}",
        "Exit status 0. Record the head hash outside the database (e.g. with the daily report): a later "
        "verification that prints a chain not continuing from it shows the history was rewritten.",
    )
    HISTORY_CHAIN_BROKEN = (
        auto(),
        "履歴の不整合",
        "履歴のハッシュ連鎖が途切れています（履歴ID {row_id}、連番 {seq}）。",
        "The history's hash chain is broken at history row {row_id} (position {seq}).",
        "Exit status 1: a history row was changed, deleted, inserted or reordered after it was committed. "
        "Everything before the named row is verified; restore from a backup and investigate.",
        {
            "edited": (
                "履歴ID {row_id}（連番 {seq}）の内容が記録時から変更されています。",
                "History row {row_id} (position {seq}) was changed after it was recorded.",
            ),
            "gap": (
                "履歴ID {row_id}（連番 {seq}）の直前で履歴が削除・挿入・並べ替えされています。",
                "History was deleted, inserted or reordered just before row {row_id} (position {seq}).",
            ),
            "unsealed": (
                "履歴ID {row_id} はハッシュ連鎖に含まれていません（アプリケーションを経ずに書き込まれました）。",
                "History row {row_id} is not in the hash chain: it was written around the application.",
            ),
            "end": (
                "履歴の末尾（連番 {seq} まで）が削除されています。",
                "The last history rows (up to position {seq}) were deleted.",
            ),
        },
    )


class Decision(Labelled):
    """A decision recorded on the object it concerns, with each field before and after
    (``repositories.record_decision``); the value is the history row's ``to_state``."""

    LIMIT_CHANGED = ("limit_changed", "限度額の変更")
    BUSINESS_DATE_CHANGED = ("business_date_changed", "業務日付の変更")
    LIMIT_CHANGE_REQUESTED = ("limit_change_requested", "限度額の変更依頼（承認待ち）")
    LIMIT_CHANGE_REJECTED = ("limit_change_rejected", "限度額の変更依頼の否決")
    COMPANY_REGISTERED = ("company_registered", "取引先の登録")
    COMPANY_CHANGED = ("company_changed", "登録内容の変更")
    DOCUMENT_ADDED = ("document_added", "登録書類の受領")
    DOCUMENT_REPLACED = ("document_replaced", "登録書類の差し替え")
    POLICY_CHOSEN = ("policy_chosen", "適用する保証料表の選択")
    USER_CREATED = ("user_created", "利用者の作成")
    USER_CHANGED = ("user_changed", "利用者の変更")
    USER_DEACTIVATED = ("user_deactivated", "利用者の無効化")
    USER_REACTIVATED = ("user_reactivated", "利用者の再有効化")
    USER_UNLOCKED = ("user_unlocked", "ログイン停止の解除")
    PASSWORD_RESET = ("password_reset", "パスワードの再発行")
    PASSWORD_CHANGED = ("password_changed", "パスワードの変更")


class DecisionField(Labelled):
    """A field a decision changes, by the label people read in the history."""

    OWN_LIMIT = ("own_limit", "個別限度額")
    BUSINESS_DATE = ("business_date", "業務日付")
    NAME = ("name", "商号")
    CORPORATE_NUMBER = ("corporate_number", "法人番号")
    DENSAI_USER_NUMBER = ("densai_user_number", "でんさい利用者番号")
    GROUP_CODE = ("group_code", "企業グループコード")
    GROUP_NAME = ("group_name", "企業グループ名")
    PREFECTURE = ("prefecture", "都道府県")
    TRADE = ("trade", "業種")
    LICENCE_NUMBER = ("licence_number", "建設業許可番号")
    CAPITAL = ("capital", "資本金")
    EMPLOYEES = ("employees", "常時使用する従業員数")
    DIRECT = ("direct", "注文者と直接の取引")
    SANCTIONS = ("sanctions", "行政処分")
    NET_ASSETS = ("net_assets", "純資産額")
    REVIEW_BASE_DATE = ("review_base_date", "経審の審査基準日")
    PUBLIC_WORKS_ORDERS = ("public_works_orders", "公共工事の受注日")
    INSOLVENCY_FILINGS = ("insolvency_filings", "法的整理の申立て")
    TRADING_SUSPENDED = ("trading_suspended", "取引停止処分")
    DISHONOURED = ("dishonoured", "不渡り・支払不能")
    UNSOUND = ("unsound", "財務の著しい悪化・不正のおそれ")
    DOCUMENT = ("document", "登録書類")
    ISSUE_DATE = ("issue_date", "発行日")
    RECEIVED_ON = ("received_on", "受領日")
    POLICY = ("policy", "保証料表")
    AMOUNT = ("amount", "金額")
    LOGIN = ("login", "ログインID")
    DISPLAY_NAME = ("display_name", "表示名")
    ROLE = ("role", "役割")
    CUSTOMER = ("customer_id", "お客様ID")
    ACTIVE = ("active", "有効")
    MUST_CHANGE_PASSWORD = ("must_change_password", "パスワード変更が必要")
