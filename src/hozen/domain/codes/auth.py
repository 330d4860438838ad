"""Who is calling and what they may do (SPEC §13): authentication, permissions, users."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class AuthCode(Code):
    """The caller is not known, may not do this, or a user cannot be recorded as asked."""

    AUTHENTICATION_REQUIRED = (
        auto(),
        "ログインが必要",
        "ログインが必要です。",
        "Authentication is required: send 'Authorization: Bearer <token>' or log in.",
        "HTTP 401: no credentials were sent.",
    )
    INVALID_CREDENTIALS = (
        auto(),
        "ログイン情報の誤り",
        "ログインIDまたはパスワードが正しくありません。",
        "The login id or the password is wrong.",
        "HTTP 401: deliberately not saying which of the two is wrong.",
    )
    INVALID_TOKEN = (
        auto(),
        "無効なトークン",
        "認証トークンが無効です（取り消し済み、または利用者が無効です）。",
        "The token is not valid: unknown or revoked, or its user was deactivated.",
    )
    FORBIDDEN = (
        auto(),
        "権限なし",
        "この操作の権限がありません。",
        "You may not do this.",
        "HTTP 403: the role lacks the permission (see the table in hozen.domain.roles).",
        {
            "role": (
                "この操作の権限がありません（{role:label}には「{permission:label}」の権限がありません）。",
                "The role '{role}' may not {permission:words}.",
            ),
            "needs": (
                "この操作の権限がありません（この操作は{roles:label}が行います）。",
                "You may not do this (needs one of {roles:words}).",
            ),
        },
    )
    CSRF_TOKEN_INVALID = (
        auto(),
        "フォームの期限切れ",
        "フォームの有効期限が切れました。ページを読み込み直してから、もう一度お試しください。",
        "The form's security token is missing or stale; reload the page and try again.",
    )
    LOGIN_TAKEN = (
        auto(),
        "ログインIDの重複",
        "ログインID「{login}」は既に使われています。",
        "The login id '{login}' is already taken.",
    )
    INVALID_LOGIN = (
        auto(),
        "ログインIDの形式不正",
        "ログインIDは英数字で始まる3〜100文字（英数字と . _ @ + -）にしてください。",
        "A login id has 3–100 characters (letters, digits, . _ @ + -) and starts with a letter or digit.",
    )
    INVALID_DISPLAY_NAME = (
        auto(),
        "表示名なし",
        "表示名を入力してください。",
        "Give a display name.",
    )
    PASSWORD_TOO_SHORT = (
        auto(),
        "パスワードが短い",
        "パスワードは{minimum}文字以上にしてください。",
        "A password has at least {minimum} characters.",
    )
    INVALID_ROLE = (
        auto(),
        "役割の不正",
        "役割が不正です: {role}（{choices:label}）",
        "Unknown role: {role} (one of {choices:words})",
    )
    CUSTOMER_REQUIRED = (
        auto(),
        "会社の指定なし",
        "お客様の利用者には会社（customer_id）の指定が必要です。",
        "A customer user belongs to one customer company: give customer_id.",
    )
    CUSTOMER_NOT_ALLOWED = (
        auto(),
        "会社の指定不可",
        "社内の利用者には会社（customer_id）を指定できません。",
        "Staff users belong to no customer company: leave customer_id out.",
    )
    CUSTOMER_NOT_FOUND = (
        auto(),
        "お客様が見つからない",
        "お客様（ID {customer_id}）が見つかりません。",
        "Customer {customer_id} was not found.",
    )
