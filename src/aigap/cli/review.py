"""Review commands: ``review`` (queue, fix, reject, accept, add, export, eval, audit) and ``users``.

Writes name who made them with ``--user`` (default ``$USER``); each lands in the audit log (via cli).
"""

from __future__ import annotations

import getpass
import json
import os
import re
from pathlib import Path

import typer

from aigap.errors import InputError, ValidationError
from aigap.extract.evaluate import FIELDS
from aigap.review import STATUSES, export_gold, review_queue, score_stored
from aigap.review.gold import gold_index
from aigap.store import Store
from aigap.store.review import ROLES, Correction, parse_assignments

from ._app import app
from ._common import OutputFormat, console, dumps, emit, state

__all__ = ["review_app", "users_app"]

review_app = typer.Typer(help="Review claims: the queue, corrections, gold data from them.", no_args_is_help=True)
users_app = typer.Typer(help="People who read, review or administer, with their API tokens.", no_args_is_help=True)
app.add_typer(review_app, name="review")
app.add_typer(users_app, name="users")

UserOption = typer.Option(None, "--user", "-u", help="Who makes the change (default: $USER).")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain(text: object) -> str:
    """Untrusted text for the terminal: no control characters (escape sequences)."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", str(text))


def _say(text: str) -> None:
    console.print(_plain(text), markup=False, highlight=False, soft_wrap=True)


def _writer(store: Store, user: str | None) -> str:
    """The user a CLI write is recorded under; a known reader may not write."""
    name = user or os.environ.get("USER") or getpass.getuser()
    known = {u["name"]: u["role"] for u in store.review.users()}
    if known.get(name) == "reader":
        raise ValidationError(f"user {name!r} is a reader: reviewing needs the reviewer or admin role")
    return name


def _document_id(store: Store, key: str) -> int:
    return store.document(int(key) if key.isdigit() else key, with_text=False).id


def _done(c: Correction, what: str) -> None:
    target = f"claim {c.claim_id}" if c.claim_id is not None else f"document {c.document_id} {c.start}-{c.end}"
    _say(f"{target}: {what} (correction {c.id} by {c.user})")


@review_app.command("list")
def review_list(
    indicator: str | None = typer.Option(None, "--indicator", "-i", help="Only this indicator."),
    country: str | None = typer.Option(None, "--country", "-c", help="Only this country."),
    document: str | None = typer.Option(None, "--document", "-d", help="Only this document (id or doc id)."),
    status: str = typer.Option("all", "--status", "-s", help=f"Review status: {', '.join(STATUSES)}."),
    stale: bool = typer.Option(False, "--stale", help="List corrections that no longer match their characters."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="At most this many rows."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """The review queue: claims by influence on the composite (desc), then confidence (asc)."""
    store = state.store()
    if stale:
        found = [c.to_json() for c in store.review.corrections(status="stale")]
        emit(found, fmt, columns=["correction", "action", "document", "start", "end", "user", "why", "fields"],
             rows=[[c["id"], c["action"], c["document_id"], c["start"], c["end"], _plain(c["user"]),
                    _plain(c["why"] or ""), _plain(json.dumps(c["fields"], ensure_ascii=False))] for c in found])
        return
    rows = review_queue(store, indicator=indicator, country=country, document=document, status=status, limit=limit)
    emit(rows, fmt, columns=["id", "influence", "confidence", "status", "metric", "subject", "period", "value",
                             "unit", "number_text", "doc"],
         rows=[[r["id"], f"{r['influence']:.4g}", r["confidence"], r["status"], r["metric"], r["subject"], r["period"],
                r["value"], r["unit"], _plain(r["number_text"]), _plain(r["doc"])] for r in rows])


@review_app.command("fix")
def review_fix(
    claim_id: int = typer.Argument(..., help="The claim's id (aigap review list)."),
    assignments: list[str] = typer.Argument(..., help="FIELD=VALUE pairs, e.g. subject=CN value=3.1e9."),
    why: str = typer.Option(..., "--why", help="Why the extractor was wrong."),
    user: str | None = UserOption,
) -> None:
    """Correct fields of a claim."""
    store = state.store()
    c = store.review.fix(claim_id, parse_assignments(assignments), user=_writer(store, user), why=why)
    changed = ", ".join(f"{k} {(c.original or {}).get(k)!r} -> {v!r}" for k, v in c.fields.items())
    _done(c, f"fixed {changed}")


@review_app.command("reject")
def review_reject(
    claim_id: int = typer.Argument(..., help="The claim's id."),
    why: str = typer.Option(..., "--why", help="Why this is not a claim."),
    user: str | None = UserOption,
) -> None:
    """Reject a claim: not a claim (it leaves the analysis, conflicts and exports)."""
    store = state.store()
    c = store.review.reject(claim_id, user=_writer(store, user), why=why)
    _say(f"claim {claim_id}: rejected (correction {c.id} by {c.user})")


@review_app.command("accept")
def review_accept(
    claim_id: int = typer.Argument(..., help="The claim's id."),
    why: str | None = typer.Option(None, "--why", help="A note (optional)."),
    user: str | None = UserOption,
) -> None:
    """Mark a claim reviewed as it is."""
    store = state.store()
    _done(store.review.accept(claim_id, user=_writer(store, user), why=why), "accepted")


@review_app.command("add")
def review_add(
    document: str = typer.Argument(..., help="The document (numeric id or doc id)."),
    start: int = typer.Argument(..., help="First character of the number (offset into the stored text)."),
    end: int = typer.Argument(..., help="End of the number (exclusive)."),
    assignments: list[str] = typer.Argument(..., help="FIELD=VALUE pairs; value= is required."),
    why: str = typer.Option(..., "--why", help="Why the extractor missed it."),
    user: str | None = UserOption,
) -> None:
    """Add a claim the extractor missed, at the selected characters of a document."""
    store = state.store()
    who = _writer(store, user)
    c = store.review.add(_document_id(store, document), start, end, parse_assignments(assignments), user=who, why=why)
    _done(c, f"added {c.fields.get('number_text')!r}")


@review_app.command("export")
def review_export(
    output: Path | None = typer.Option(None, "--output", "-o", help="Gold JSON Lines file (default: stdout)."),
    docs: Path | None = typer.Option(None, "--docs", help="Also write each document's stored text as DIR/<doc id>.txt "
                                     "and DIR/index.jsonl (dates, languages, rejected characters), for aigap eval "
                                     "--gold FILE --docs DIR and python -m aigap.extract.train_confidence --extra FILE "
                                     "--extra-docs DIR."),
) -> None:
    """The reviewed claims (accepted, fixed, added) as gold JSON Lines in the spec's fields."""
    store = state.store()
    rows = export_gold(store)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{output}: cannot write ({exc.strerror})") from None
        console.print(f"wrote {len(rows)} gold claims to {_plain(output)}", markup=False, highlight=False)
    if docs is not None:
        try:
            docs.mkdir(parents=True, exist_ok=True)
            index = gold_index(store, rows)
            for row in index:
                doc = row["doc_id"]
                if not re.fullmatch(r"[\w.-]+", doc) or doc.startswith("."):
                    raise InputError(f"document {doc!r}: its id is not a safe file name")
                (docs / f"{doc}.txt").write_text(row.pop("text"), encoding="utf-8")
            # publication dates, languages and the rejected characters (retraining reads them)
            (docs / "index.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in index),
                                              encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{docs}: cannot write ({exc.strerror})") from None


@review_app.command("eval")
def review_eval(as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object.")) -> None:
    """Score the extractor on the stored texts of reviewed documents against the reviewed claims
    (precision counts unreviewed predictions as false alarms)."""
    result = score_stored(state.store())
    if as_json:
        typer.echo(dumps(result.to_json()))
        return
    d = result.overall.to_json()
    typer.echo("  ".join(f"{k}={d[k]}" for k in ("gold", "predicted", "matched", "precision", "recall", "f1", *FIELDS)))


@review_app.command("audit")
def review_audit(
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="At most this many entries."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Every write by users: who, when, what, through which door (cli or api)."""
    rows = state.store().review.audit(limit)
    emit(rows, fmt, columns=["id", "at", "user", "via", "action", "target", "detail"],
         rows=[[r["id"], r["at"], _plain(r["user"]), r["via"], r["action"], _plain(r["target"] or ""),
                _plain(json.dumps(r["detail"], ensure_ascii=False))] for r in rows])


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="The user's name."),
    role: str = typer.Option("reviewer", "--role", "-r", help=f"One of {', '.join(ROLES)}."),
    user: str | None = UserOption,
) -> None:
    """Create a user and print their API token (once: only its hash is stored)."""
    store = state.store()
    by = user or os.environ.get("USER") or getpass.getuser()
    token = store.review.add_user(name, role, by=by)
    _say(f"user {name} ({role}); API token (shown once): {token}")


@users_app.command("list")
def users_list(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format.")) -> None:
    """The users and their roles (never their tokens)."""
    rows = state.store().review.users()
    emit(rows, fmt, columns=["name", "role", "created"], rows=[[_plain(r["name"]), r["role"], r["created_at"]]
                                                               for r in rows])

