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
    LOGIN_LOCKED = (
        auto(),
        "ログインの一時停止",
        "ログインの失敗が続いたため、このログインIDは一時的にログインできません。{minutes}分ほど待ってから、"
        "もう一度お試しください。お急ぎの場合は管理者に解除を依頼してください。",
        "Too many failed logins in a row: this login id is locked. Try again in about {minutes} minutes, "
        "or ask an administrator to unlock it.",
        "HTTP 429 with Retry-After: HOZEN_LOGIN_MAX_FAILURES failed logins in a row lock the login id for "
        "HOZEN_LOGIN_LOCK_MINUTES minutes (unknown login ids too, so the answer does not tell whether an "
        "account exists). While locked even the right password is refused. `hozen user unlock` or an "
        "administrator's page unlocks it.",
    )
    LOGIN_THROTTLED = (
        auto(),
        "ログインの試行制限",
        "この接続元からのログインの失敗が多すぎます。{minutes}分ほど待ってから、もう一度お試しください。",
        "Too many failed logins from this address. Try again in about {minutes} minutes.",
        "HTTP 429 with Retry-After: HOZEN_ADDRESS_MAX_FAILURES failed logins from one client address "
        "within HOZEN_ADDRESS_WINDOW_MINUTES minutes block logins from it for that many minutes.",
    )
    LAST_ADMIN = (
        auto(),
        "最後の管理者",
        "有効な管理者が一人もいなくなるため、この変更はできません。先に別の管理者を作成してください。",
        "This would leave no active administrator; create another administrator first.",
        "HTTP 409: deactivating or demoting the last active admin is refused.",
    )
    SELF_PASSWORD_RESET = (
        auto(),
        "自分のパスワードの再発行",
        "自分のパスワードは再発行できません。「パスワード変更」から変更してください。",
        "You cannot reset your own password; change it with POST /api/v1/me/password.",
        "HTTP 409: an administrator resets other users' passwords only.",
    )
    PASSWORD_CHANGE_REQUIRED = (
        auto(),
        "パスワードの変更が必要",
        "仮パスワードでログインしています。先にパスワードを変更してください。",
        "You logged in with a temporary password: change it first (POST /api/v1/me/password).",
        "HTTP 403: after a password reset only the password change, /me and logging out are allowed.",
    )
    CURRENT_PASSWORD_WRONG = (
        auto(),
        "現在のパスワードの誤り",
        "現在のパスワードが正しくありません。",
        "The current password is wrong.",
        "HTTP 422. Counts as a failed login of the account (see LOGIN_LOCKED).",
    )
    PASSWORD_CONTAINS_LOGIN = (
        auto(),
        "ログインIDを含むパスワード",
        "パスワードにログインIDを含めないでください。",
        "A password must not contain the login id.",
    )
    PASSWORD_TOO_SIMPLE = (
        auto(),
        "単純なパスワード",
        "パスワードには{minimum}種類以上の異なる文字を使ってください。",
        "A password uses at least {minimum} different characters.",
    )
    PASSWORD_UNCHANGED = (
        auto(),
        "パスワードが同じ",
        "新しいパスワードは現在のパスワードと違うものにしてください。",
        "The new password must differ from the current one.",
    )
    CONFIRMATION_REQUIRED = (
        auto(),
        "確認なし",
        "確認のチェックを入れてから、もう一度お試しください。",
        "Tick the confirmation box and try again.",
        "Pages only: a deactivation needs its confirmation box ticked.",
    )
    PASSWORD_MISMATCH = (
        auto(),
        "確認用パスワードの不一致",
        "確認用のパスワードが新しいパスワードと一致しません。",
        "The repeated password does not match the new password.",
        "Pages only: the new password is typed twice.",
    )
