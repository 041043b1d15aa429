"""Extraction commands: ``extract`` (claims of plain text files) and ``eval`` (score against gold)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.text import Text

from aigap.corpus import corpus_file
from aigap.errors import InputError
from aigap.extract import extract_claims
from aigap.extract.calibration import calibration_table
from aigap.extract.evaluate import FIELDS, Scores, evaluate
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


EVAL_CORPUS = Path("tests") / "data" / "eval"  # relative: where a checkout is the working directory


@app.command("eval")
def eval_cmd(
    gold: Path | None = typer.Option(None, "--gold", help="A gold JSON Lines file, or a folder of *.jsonl files (default: the evaluation corpus, tests/data/eval/gold, in a source checkout)."),
    docs: Path | None = typer.Option(None, "--docs", help="Folder with <doc id>.txt files, searched recursively (default: tests/data/eval/docs beside the default gold)."),
    split: str | None = typer.Option(None, "--split", help="Only documents of this split (tune, calib or test) of the corpus's index.jsonl."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    documents: bool = typer.Option(False, "--documents", help="Also print the scores of each document."),
    confusions: bool = typer.Option(False, "--confusions", help="Also print the most frequent wrong subject and metric pairs."),
    errors: bool = typer.Option(False, "--errors", help="List misses, false alarms and wrong fields with quotes."),
) -> None:
    """Score extraction against gold claims: detection precision/recall/F1 and field accuracies,
    per language and overall, and the calibration of claim confidence."""
    if gold is None:
        # From a source checkout `aigap eval --split test` scores the evaluation corpus, as the
        # evaluation notes say; elsewhere there is no corpus to default to.
        gold = EVAL_CORPUS / "gold"
        if not gold.is_dir():
            raise InputError("--gold: no gold given, and no evaluation corpus here (tests/data/eval/gold, in a source checkout)")
        docs = docs or EVAL_CORPUS / "docs"
    if docs is None:
        raise InputError("--docs: needed with --gold (the folder of <doc id>.txt files)")
    if not gold.exists():
        raise InputError(f"{gold}: no such gold file or folder")
    if split is not None and split not in ("tune", "calib", "test"):
        raise InputError(f"--split {split}: must be tune, calib or test")
    result = evaluate(gold, docs, split=split)
    if as_json:
        typer.echo(dumps(result.to_json(with_errors=errors)))
        return
    if errors:
        for e in result.errors:
            console.print(Text(f"{e['kind']:11} {e['doc'][:4]} {e.get('field', ''):9} {e['number_text']!r} "
                               f"pred={e.get('predicted', '')!r} gold={e.get('gold', '')!r} | {e['quote'][:70]}"),
                          highlight=False, soft_wrap=True)
    if documents:
        typer.echo(_score_table([(doc, s) for doc, s in sorted(result.by_document.items())], "document"))
        typer.echo("")
    if confusions:
        for name in ("subject", "metric"):
            pairs = result.confusions(name)
            typer.echo(f"{name} confusions (predicted -> gold, count):")
            typer.echo("\n".join(f"  {p} -> {g}: {n}" for p, g, n in pairs) or "  none")
        typer.echo("")
    typer.echo("confidence calibration (share of claims with subject and metric right; false alarms count as wrong):")
    typer.echo("  " + "  ".join(f"{c:>9}" for c in ("bin", "claims", "right", "accuracy", "mean conf")))
    for b in calibration_table(result.confidences):
        acc = "-" if b.accuracy is None else f"{b.accuracy:.3f}"
        mean = "-" if b.mean_confidence is None else f"{b.mean_confidence:.3f}"
        typer.echo("  " + "  ".join(f"{v:>9}" for v in (b.label, b.n, b.right, acc, mean)))
    typer.echo(_score_table([*sorted(result.by_language.items()), ("overall", result.overall)], "scope"))


def _score_table(rows: list[tuple[str, Scores]], first: str) -> str:
    cols = [first, "gold", "pred", "P", "R", "F1", *FIELDS]
    width = max([9, *(len(name) for name, _ in rows)])
    # A plain fixed-width table: it must stay readable in logs and narrow terminals.
    lines = [f"{cols[0]:>{width}}  " + "  ".join(f"{c:>9}" for c in cols[1:])]
    for name, s in rows:
        d = s.to_json()
        vals = [d["gold"], d["predicted"], d["precision"], d["recall"], d["f1"], *[d[f] for f in FIELDS]]
        lines.append(f"{name:>{width}}  " + "  ".join(f"{v:>9.3f}" if isinstance(v, float) else f"{v!s:>9}" for v in vals))
    return "\n".join(lines)
