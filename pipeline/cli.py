"""The ``chitieu`` command line: its help is its documentation."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click

from chitieu.pipeline import api
from chitieu.pipeline.api import GOLD_SETS, PROJECT_ROOT
from chitieu.pipeline.corrections import Corrections, CorrectionsError
from chitieu.pipeline.dataset import OutputError
from chitieu.pipeline.evaluate import NoGoldFigures, format_report
from chitieu.pipeline.inputs import NoInputs
from chitieu.pipeline.limits import OverMemory
from chitieu.pipeline.runner import Limits
from chitieu.pipeline.safequery import QueryError
from chitieu.pipeline.writers import WRITERS


def max_memory_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--max-memory MB``: the same limit and default wherever chitieu works under one."""
    return click.option(
        "--max-memory",
        default=Limits().max_memory // 2**20,
        show_default=True,
        type=click.IntRange(min=512),
        help=help_text,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", is_flag=True, help="Log each stage's failures with tracebacks.")
def main(verbose: bool) -> None:
    """chitieu ("chỉ tiêu", indicator): turn Vietnamese government reports on
    Decision 161/QĐ-TTg into a tidy, queryable indicator dataset.

    \b
    Typical use:
      chitieu run reports/ --out outputs     # extract every figure
      chitieu review outputs                 # a site to check every figure by eye
      chitieu serve outputs                  # browse and query the database (Datasette)
      chitieu evaluate                       # score the bundled corpus against gold
    """
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(message)s")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    default=Path("outputs"),
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the tables, the workbook, the database and the texts.",
)
@click.option(
    "--workers",
    default=min(os.cpu_count() or 1, 4),
    show_default=True,
    type=click.IntRange(0, 64),
    help="Worker processes. 0 runs in this process (no crash isolation or memory limit; for debugging).",
)
@click.option(
    "--timeout",
    default=300.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds one file may take before it is given up as failed.",
)
@click.option(
    "--max-size",
    default=200,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest file accepted, in MB; larger files fail with that reason.",
)
@max_memory_option("Memory (address space) each worker and its OCR may use, in MB; a file needing more fails.")
@click.option(
    "--max-pages",
    default=Limits().max_pages,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most pages (or image frames) of one file rendered for OCR; a file needing more fails.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(sorted(WRITERS)),
    help="Table formats to write (repeatable). Default: all of them.",
)
@click.option("--no-cache", is_flag=True, help="Process every file again, even if unchanged since the last run.")
@click.option("--rebuild", is_flag=True, help="Start the dataset in --out over: keep only the files of this run.")
@click.option("--prune", is_flag=True, help="Remove from the dataset the documents whose file no longer exists.")
@click.option(
    "--corrections",
    "corrections_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="An analyst's corrections (exported by the review site) to apply by obs_id. They are kept in "
    "<out>/corrections.json and applied again on every later run.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A pipeline.toml naming other stages or settings. Default: pipeline/pipeline.toml.",
)
def run(
    paths: tuple[Path, ...],
    out: Path,
    workers: int,
    timeout: float,
    max_size: int,
    max_memory: int,
    max_pages: int,
    formats: tuple[str, ...],
    no_cache: bool,
    rebuild: bool,
    prune: bool,
    corrections_path: Path | None,
    config_path: Path | None,
) -> None:
    """Extract every figure from the reports in PATHS (files or folders,
    searched recursively; default: the bundled corpus) and add them to the
    dataset in --out.

    \b
    Reads PDF (text layer or scanned, by OCR), page images (PNG, JPEG, TIFF),
    DOCX, TXT and Markdown in UTF-8, UTF-16, CP1258, TCVN3, VNI or VIQR.
    Writes into --out:
      indicators.csv/.parquet   one row per figure (SPEC §4 columns)
      documents.csv/.parquet    one row per input file, failed ones included
      sections.csv/.parquet     the section tree with pillars
      chitieu.xlsx              a summary, the three tables and their glossary
      chitieu.sqlite            the three tables as an SQLite database (keys, full-text search)
      datapackage.json          the data dictionary: every table and column described
      text/<doc_id>.txt         each document's normalised text (offsets index it)

    \b
    The dataset grows: a run adds new files, replaces those it reads again and
    keeps the others (--rebuild starts over, --prune drops files that are gone).
    A file with the same content as another gets status=duplicate and no figures.
    The tables of a run are published together when it ends; one run at a time.

    \b
    doc_id is the file's path relative to the folder given, without extension;
    a file whose doc_id clashes with another's fails, naming the other.
    A file that cannot be read gets status=failed and a reason; the batch goes
    on. Only regular files are read. Hidden files and folders (".name") and
    those listed in a folder's .chitieuignore are skipped.
    Corrections (--corrections, or <out>/corrections.json from an earlier run)
    drop the figures marked wrong and replace the attributes fixed; the
    `corrected` column of indicators names what was changed.
    Exit code: 0 all files processed, 1 some file failed, 2 usage error
    (also: --out cannot be written, or another run is writing into it),
    130 interrupted (Ctrl-C; nothing is published).
    """
    limits = Limits(max_size=max_size * 2**20, timeout=timeout, max_memory=max_memory * 2**20, max_pages=max_pages)
    try:
        report = api.run(
            paths,
            out,
            workers=workers,
            limits=limits,
            formats=formats or WRITERS,
            cache=not no_cache,
            rebuild=rebuild,
            prune=prune,
            corrections=corrections_path,
            config=config_path,
            progress=True,
        )
    except (OutputError, CorrectionsError, NoInputs) as exc:
        raise click.UsageError(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo(f"interrupted: nothing was published; {out} holds the previous run's tables", err=True)
        sys.exit(130)
    if report.corrections is not None:
        echo_corrections(report.corrections)
    report_run(report, out)


def report_run(report: api.RunReport, out: Path) -> None:
    """Each file that did not go well, then one summary line; exit with the run's code."""
    result, published, hidden, documents = report.batch, report.dataset, report.hidden, report.documents
    for doc in documents:
        if doc.status != "ok":
            click.echo(f"{doc.status}: {doc.source_path}: {doc.error}", err=True)
        for warning in doc.warnings:
            click.echo(f"warning: {doc.source_path}: {warning}", err=True)
    if hidden:
        click.echo(f"skipped {hidden} hidden file(s) or folder(s) (names starting with '.')", err=True)
    count = Counter(doc.status for doc in documents)
    duplicates = f", {count['duplicate']} duplicate" if count["duplicate"] else ""
    figures = sum(len(doc.figures) for doc in documents)
    click.echo(
        f"{len(documents)} files ({count['ok']} ok, {count['empty']} empty, {count['failed']} failed{duplicates}; "
        f"{result.cached} unchanged since last run): {figures} figures -> {out}/ in {result.seconds:.1f} s"
    )
    if len(published) > len(documents):
        total = sum(len(doc.figures) for doc in published)
        click.echo(f"the dataset in {out}/ holds {len(published)} documents and {total} figures")
    sys.exit(1 if count["failed"] else 0)


def echo_corrections(corrections: Corrections) -> None:
    fixed, removed = corrections.applied["fixed"], corrections.applied["removed"]
    click.echo(f"corrections: {fixed} figures fixed, {removed} marked wrong and left out", err=True)
    if corrections.not_found:
        missing = ", ".join(corrections.not_found)
        click.echo(f"corrections: no figure has obs_id {missing} (no longer found?)", err=True)


@main.command()
@click.option(
    "--gold",
    "gold_dir",
    default=None,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of gold annotations. Default: the seeds' and the development set's.",
)
@click.option(
    "--pred",
    "pred_dir",
    default=None,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of a run's tables (needs --gold). Default: run the gold sets' documents now into a temporary folder.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(gold_dir: Path | None, pred_dir: Path | None, as_json: bool) -> None:
    """Score extraction against gold annotations (SPEC §5): figure precision,
    recall and F1, the accuracy of each attribute over matched figures, section
    pillars and document fields, then every miss and false positive.

    \b
    With no option, two sets are run and scored separately:
      seeds     corpus/ (the five seed documents, gold in corpus/gold)
      dev       corpus/dev/ (real documents annotated by hand, gold in
                corpus/dev/gold), also broken down by document type and
                by place: figures in table cells or in prose.
    """
    if pred_dir is not None and gold_dir is None:
        raise click.UsageError("--pred needs --gold: which annotations should the run be scored against?")
    sets = (
        {"": (gold_dir, pred_dir)}
        if gold_dir is not None
        else {name: (gold, None) for name, gold in api.bundled_gold_sets().items()}
    )
    reports = {}
    for name, (gold, pred) in sets.items():
        try:
            reports[name] = api.evaluate(gold, pred)
        except FileNotFoundError as exc:
            raise click.UsageError(str(exc)) from exc
        except NoGoldFigures as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(
            json.dumps({name or "scores": r.as_dict() for name, r in reports.items()}, ensure_ascii=False, indent=2)
        )
        return
    for name, report in reports.items():
        if name:
            click.echo(f"\n=== {name}: {GOLD_SETS[name].relative_to(PROJECT_ROOT)}/ ===")
        click.echo(format_report(report))


OUT_ARGUMENT = click.argument(
    "out", default=Path("outputs"), type=click.Path(path_type=Path, file_okay=False, exists=True)
)


@main.command()
@OUT_ARGUMENT
@max_memory_option("Memory (address space) the process building the site may use, in MB.")
def review(out: Path, max_memory: int) -> None:
    """Build a review site from the outputs of a run in OUT (default: outputs/),
    without running anything again, and print the page to open.

    \b
    OUT/review/index.html   every document with its status, the coverage of
                            provinces × pillars, charts, the files that failed
    OUT/review/docs/…       a page per document: its text with every figure
                            highlighted in its pillar's colour, a tooltip with
                            its attributes, a table of figures with filters
    On a document's page, mark a figure wrong or fix its indicator, pillar,
    status, period or value, then "Xuất file sửa" downloads corrections.json;
    `chitieu run --corrections corrections.json --out OUT` applies it.
    The site opens from disk, with no server and no network. It is built in a
    process under --max-memory, as a run's workers are; exit code 1 if it needs more.
    """
    try:
        index = api.review_site(out, max_memory=max_memory * 2**20)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from exc
    except OverMemory as exc:
        raise click.ClickException(f"the review site was not built: {exc}") from exc
    click.echo(f"review site: {index.resolve().as_uri()}")


@main.command()
@OUT_ARGUMENT
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port on 127.0.0.1.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
def serve(out: Path, port: int, open_browser: bool) -> None:
    """Browse the database of a run in OUT (default: outputs/) with Datasette, on
    127.0.0.1 only: every table with its column descriptions and codes, facets
    on province, pillar, indicator, status and period, full-text search of the
    sentences, and links from each figure to its document and section. Ctrl-C stops it.
    """
    try:
        code = api.serve_dataset(out, port=port, open_browser=open_browser)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from exc
    sys.exit(code)


@main.command()
@click.argument("sql")
@click.option(
    "--db",
    "database",
    default=Path("outputs/chitieu.sqlite"),
    show_default=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The database a run wrote.",
)
@click.option("--format", "output", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds the query may run before it is stopped.",
)
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1), help="Most rows printed.")
def query(sql: str, database: Path, output: str, timeout: float, max_rows: int) -> None:
    """Run SQL on a run's database and print the result. Read-only: the
    database is opened read-only, and ATTACH, VACUUM, writes and pragmas that
    set anything are refused. Ctrl-C stops a long query (exit code 130).

    \b
    Tables: indicators, documents, sections, with the columns of SPEC §4.
    Example, money mobilised per province and pillar:
      chitieu query "SELECT province, pillar, SUM(value) AS vnd FROM indicators
                     WHERE indicator = 'funds_vnd' GROUP BY province, pillar"
    """
    try:
        answer = api.query(database, sql, seconds=timeout, max_rows=max_rows)
    except FileNotFoundError as exc:
        raise click.UsageError(f"{exc}, or give --db") from exc
    except QueryError as exc:
        raise click.ClickException(f"the query failed: {exc}") from exc
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    frame = answer.frame()
    if output == "csv":
        click.echo(frame.to_csv(index=False, float_format="%.15g"), nl=False)
    elif output == "json":
        click.echo(frame.to_json(orient="records", force_ascii=False))
    elif answer.rows:
        click.echo(frame.to_string(index=False, float_format=lambda v: f"{v:.15g}"))
    else:
        click.echo("  ".join(answer.columns) + "\n(no rows)")
    if answer.truncated:
        click.echo(f"only the first {max_rows} rows are shown (--max-rows)", err=True)


if __name__ == "__main__":
    main()
