"""The data doctor's findings: plain dicts, printed as JSON for the CLI, the editor and the panel.

A finding is {code, severity, message, path, rows?, fix?}. `path` is the config key it belongs
to (the editor puts the diagnostic there); `fix` is {title, edits: [{path, value}]}: config
keys to set, which the editor offers as a Quick Fix. Codes are stable: tests and users key on them.
"""
from __future__ import annotations

SEVERITIES = ("error", "warning", "info")
ROWS_SHOWN = 5


def finding(code: str, severity: str, message: str, path: list, *, rows: list[int] | None = None,
            fix: dict | None = None) -> dict:
    assert severity in SEVERITIES, severity
    out: dict = {"code": code, "severity": severity, "message": message, "path": list(path)}
    if rows:
        out["rows"] = list(rows)[:50]
    if fix:
        out["fix"] = fix
    return out


def edit(path: list, value) -> dict:
    return {"path": list(path), "value": value}


def fix(title: str, *edits: dict) -> dict:
    return {"title": title, "edits": list(edits)}


def rows_text(rows: list[int]) -> str:
    """"row 4", "rows 4, 9 and 17", "rows 4, 9, 17, 20, 31 and 12 more" (1-based records)."""
    shown = [str(r) for r in rows[:ROWS_SHOWN]]
    more = len(rows) - len(shown)
    if len(rows) == 1:
        return f"row {shown[0]}"
    if more:
        return f"rows {', '.join(shown)} and {more} more"
    return f"rows {', '.join(shown[:-1])} and {shown[-1]}"


def share(part: int, whole: int) -> str:
    pct = 100 * part / whole if whole else 0
    return f"{pct:.0f}%" if pct >= 1 or pct == 0 else f"{pct:.1f}%"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def verb(n: int, one: str, many: str) -> str:
    return one if n == 1 else many
