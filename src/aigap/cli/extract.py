"""Extraction commands: ``extract`` (claims of plain text files) and ``eval`` (score against gold)."""

from __future__ import annotations

from pathlib import Path

import typer

from aigap.corpus import corpus_file
from aigap.errors import InputError
from aigap.extract import extract_claims
from aigap.extract.evaluate import FIELDS, evaluate
from aigap.records import CLAIM_FIELDS
from aigap.sources.metadata import detect_language, text_metadata

from ._app import app
from ._common import OutputFormat, console, dumps, emit

__all__: list[str] = []


@app.command()
def extract(
    paths: list[Path] = typer.Argument(
        ..., help="Plain text files (or a bundled corpus file by name); the document id is the file name without extension."),
    fmt: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f", help="jsonl (the spec's fields), table, csv or json."),
) -> None:
    """Extract every quantitative claim from plain text files (offsets index the decoded text)."""
    claims = []
    for path in paths:
        if not path.exists() and (bundled := corpus_file(str(path))) is not None:
            path = bundled  # a bundled corpus document named by its file name or id (the README's tour)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text (use aigap ingest for other encodings)") from None
        meta = text_metadata(text)
        claims.extend(extract_claims(text, path.stem, published=meta.published, language=detect_language(text)[0]))
    rows = [c.to_json() for c in claims]
    emit(rows, fmt, columns=list(CLAIM_FIELDS), rows=[[r[k] for k in CLAIM_FIELDS] for r in rows])


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Option(..., "--gold", help="A gold JSON Lines file, or a folder of *.jsonl files."),
    docs: Path = typer.Option(..., "--docs", help="Folder with <doc id>.txt files (searched recursively)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    errors: bool = typer.Option(False, "--errors", help="List misses, false alarms and wrong fields with quotes."),
) -> None:
    """Score extraction against gold claims: detection precision/recall/F1 and field accuracies,
    per language and overall."""
    if not gold.exists():
        raise InputError(f"{gold}: no such gold file or folder")
    result = evaluate(gold, docs)
    if as_json:
        typer.echo(dumps(result.to_json(with_errors=errors)))
        return
    cols = ["scope", "gold", "pred", "P", "R", "F1", *FIELDS]
    # A plain fixed-width table: it must stay readable in logs and narrow terminals.
    lines = ["  ".join(f"{c:>9}" for c in cols)]
    for name, s in [*sorted(result.by_language.items()), ("overall", result.overall)]:
        d = s.to_json()
        vals = [name, d["gold"], d["predicted"], d["precision"], d["recall"], d["f1"], *[d[f] for f in FIELDS]]
        lines.append("  ".join(f"{v:>9.3f}" if isinstance(v, float) else f"{v!s:>9}" for v in vals))
    typer.echo("\n".join(lines))
    if errors:
        for e in result.errors:
            console.print(f"{e['kind']:11} {e['doc'][:3]} {e.get('field', ''):9} {e['number_text']!r} "
                          f"pred={e.get('predicted', '')!r} gold={e.get('gold', '')!r} | {e['quote'][:70]}",
                          highlight=False, soft_wrap=True)
