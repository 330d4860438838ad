"""Running Hozen: configuration, policies, the database and its backups, requests and input files."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class OperationsCode(Code):
    """Configuration, policy files, the schema, backup and restore."""

    SECRET_KEY_REQUIRED = (
        auto(),
        "秘密鍵の設定なし",
        "HOZEN_SECRET_KEY に{minimum}文字以上の秘密鍵を設定してください（デモでは HOZEN_DEMO=true）。",
        "Set HOZEN_SECRET_KEY to a secret of at least {minimum} characters (or HOZEN_DEMO=true for a demonstration).",
        "A server refuses to start outside demo mode without a signing key for web sessions.",
    )
    UNKNOWN_POLICY = (
        auto(),
        "ポリシーなし",
        "ポリシー「{policy}」はありません。指定できるのは {presets} です。",
        "There is no policy '{policy}'; choose one of {presets}.",
        "",
        {
            "file": (
                "ポリシー「{policy}」が見つかりません。プリセット名（{presets}）かファイルのパスを指定してください。",
                "Policy '{policy}' was not found; give a preset name ({presets}) or the path to a policy file.",
            )
        },
    )
    INVALID_POLICY = (
        auto(),
        "ポリシーファイルの不正",
        "ポリシーファイル {file} が不正です: {problems}",
        "Invalid policy file {file}: {problems}",
        "A policy or programme file that does not have the expected keys and values; each problem is named.",
        {
            "unreadable": (
                "ポリシーファイル {policy} を読めません: {error}",
                "Cannot read the policy file {policy}: {error}",
            )
        },
    )
    SCHEMA_NOT_CURRENT = (
        auto(),
        "スキーマが最新でない",
        "データベースのスキーマが最新ではありません（現在: {current}、最新: {head}）。"
        "`hozen db upgrade` を実行してください。",
        "The database schema is not current (at {current}, newest {head}); run `hozen db upgrade`.",
        "",
        {
            "empty": (
                "データベースのスキーマが最新ではありません（現在: 空、最新: {head}）。"
                "`hozen db upgrade` を実行してください。",
                "The database schema is not current (at empty, newest {head}); run `hozen db upgrade`.",
            )
        },
    )
    BACKUP_UNSUPPORTED = (
        auto(),
        "バックアップ不可",
        "メモリ上のデータベースはバックアップできません。",
        "An in-memory database has no backup.",
    )
    BACKUP_FILE_EXISTS = (
        auto(),
        "バックアップ先が既存",
        "バックアップ先のファイルが既にあります: {file}",
        "The backup file already exists: {file}",
    )
    BACKUP_FILE_MISSING = (
        auto(),
        "バックアップファイルなし",
        "バックアップファイルがありません: {file}",
        "No backup file at {file}",
    )
    BACKUP_NOT_HOZEN = (
        auto(),
        "Hozen のバックアップでない",
        "Hozen のバックアップではありません（データベースは変更していません）: {file}",
        "Not a Hozen backup (the database was not touched): {file}",
        "hozen db restore: the file is not a backup written by hozen db backup (no Hozen tables and "
        "schema version in it); refused before the database is touched, on SQLite and PostgreSQL.",
    )
    PG_CLIENT_MISSING = (
        auto(),
        "PostgreSQL クライアントなし",
        "{program} が見つかりません（PostgreSQL クライアントをインストールしてください）。",
        "{program} was not found; install the PostgreSQL client programs.",
    )
    BACKUP_COMMAND_FAILED = (
        auto(),
        "バックアップコマンドの失敗",
        "{program} が失敗しました（終了コード {status}）: {detail}",
        "{program} failed (exit status {status}): {detail}",
    )


class RequestCode(Code):
    """A request or an input file the entrypoints cannot take, and failures of the server itself."""

    NOT_FOUND = (
        auto(),
        "見つからない",
        "見つかりません。",
        "Not found.",
        "HTTP 404: the object does not exist or is not visible to the caller (a customer never learns "
        "about other customers' objects).",
        {
            "object": (
                "{object:label}（ID {id}）が見つかりません。",
                "The {object:words} {id} was not found.",
            )
        },
    )
    METHOD_NOT_ALLOWED = (
        auto(),
        "使えないメソッド",
        "このメソッドは使えません。",
        "Method not allowed.",
    )
    HTTP_ERROR = (
        auto(),
        "HTTP エラー",
        "リクエストを処理できませんでした（{detail}）。",
        "The request could not be handled ({detail}).",
    )
    CONFLICT = (
        auto(),
        "登録済み",
        "同じ内容がすでに登録されているため、保存できませんでした。",
        "The same record already exists; nothing was saved.",
        "HTTP 409: a uniqueness rule of the database refused the write.",
    )
    CONCURRENT_UPDATE = (
        auto(),
        "同時更新",
        "ほかの方が同時に同じ案件を更新しました。最新の状態を確認してから、もう一度お試しください。",
        "Someone else changed the same object at the same time; reload it and try again.",
        "HTTP 409: a concurrent change won; retrying after a reload is safe.",
    )
    INTERNAL_ERROR = (
        auto(),
        "内部エラー",
        "内部エラーが発生しました。処理は記録されていません。",
        "An internal error occurred; nothing was recorded.",
    )
    INPUT_UNREADABLE = (
        auto(),
        "入力ファイルを読めない",
        "入力ファイルを読めません: {error}",
        "Cannot read the input file: {error}",
    )
    INPUT_NOT_JSON = (
        auto(),
        "入力が JSON でない",
        "入力ファイルがJSONではありません（{line}行{column}列）: {error}",
        "The input file is not JSON (line {line}, column {column}): {error}",
    )
    COMMAND_LINE_INVALID = (
        auto(),
        "コマンドの指定不正",
        "コマンドの指定が正しくありません。`--help` で使い方を確認してください。",
        "Invalid command line (see --help).",
        "The command line does not have the command's shape: exit status 2 and one line.",
        {
            "missing": (
                "{parameter} を指定してください。",
                "Missing {parameter}.",
            ),
            "unknown_option": (
                "{option} というオプションはありません。`--help` で使い方を確認してください。",
                "No such option: {option} (see --help).",
            ),
            "bad_value": (
                "{parameter} の値が正しくありません。`--help` で使い方を確認してください。",
                "Invalid value for {parameter} (see --help).",
            ),
        },
    )
    INPUT_TOO_DEEP = (
        auto(),
        "入力の入れ子が深すぎる",
        "入力ファイルの入れ子（配列・オブジェクト）が深すぎます（{limit}段まで）。",
        "The input file nests arrays and objects too deeply (at most {limit} levels).",
    )
    INVALID_DATE = (
        auto(),
        "日付の形式不正",
        "{name} は YYYY-MM-DD 形式で指定してください: {value}",
        "{name} must be YYYY-MM-DD: {value}",
    )
