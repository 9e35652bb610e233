"""The ``drafter`` command line: parse arguments, call the library, print.

Every command body resolves its inputs, calls one library function and prints the
result. Errors a user can cause arrive as ``DrafterError`` (or a usage error from
the argument parser) and leave as one Chinese line on stderr with exit code 2.
Library modules are imported inside the commands so ``drafter --help`` stays fast.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import __version__
from ..errors import DrafterError, DraftWarning, SkippedEntryWarning, UsageError
from ..model import YEARS, part_label
from .settings import Settings, settings

app = typer.Typer(
    name="drafter",
    no_args_is_help=True,
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _command_group(name: str, help: str) -> typer.Typer:
    """A group of subcommands (``drafter corpus …``), shown in Chinese as the main app is."""
    group = typer.Typer(
        help=help, no_args_is_help=True, options_metavar="[选项]", subcommand_metavar="命令 [参数]..."
    )
    app.add_typer(group, name=name)
    return group


corpus_app = _command_group("corpus", "查看语料库:已入库的往年计划。")
ledger_app = _command_group("ledger", "任务台账:按计划生成台账,各单位填报后汇总进度。")

CorpusOption = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        metavar="目录",
        help="语料库目录(默认:$DRAFTER_CORPUS,或配置文件中的 corpus,或当前目录下的 corpus/,或内置语料库)",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"drafter {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号并退出")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option("--config", metavar="文件", help="配置文件(默认:当前目录或上级目录中的 drafter.yaml)"),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出结果,不显示提示和进度")] = False,
) -> None:
    """drafter:教育局年度工作要点(工作要点)的起草、核对与排版助手。

    本局的设置(发文单位、单位名录、通知默认内容、核对规则、语料库位置)写在 drafter.yaml 中,
    用 drafter init 生成;命令行参数优先于它。

    示例:drafter parse 2022年工作要点.docx
    """
    run = settings(ctx)
    run.config, run.quiet = config, quiet
    if ctx.invoked_subcommand != "init" and not run.help:
        run.profile()  # a broken profile is reported before any work is done (help still shows)


@app.command("parse", options_metavar="[选项]")
def parse_command(
    file: Annotated[
        Path, typer.Argument(metavar="文件", help="计划文件:.txt、.md、.docx 或 drafter 的 .yaml")
    ],
    as_json: JsonOption = False,
) -> None:
    """解析一份计划,显示标题、年度、各部分、条目及责任单位。

    示例:drafter parse 2022年工作要点.txt --json
    """
    from ..parse.plan import parse_file

    plan = parse_file(file)
    if as_json:
        from ..store.serialize import plan_to_dict

        _print_json(plan_to_dict(plan, locations=True))
    else:
        from ..render.terminal import plan_outline

        typer.echo(plan_outline(plan))


@app.command("ingest", options_metavar="[选项]")
def ingest_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(metavar="文件或文件夹", help="要入库的计划文件或文件夹(可多个,文件夹含子文件夹)"),
    ],
    corpus: CorpusOption = None,
    issuer: Annotated[
        str | None, typer.Option("--issuer", metavar="单位", help="发文单位(覆盖文中识别的结果)")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="年份", min=YEARS[0], max=YEARS[-1], help="年度(覆盖文中识别的结果)"),
    ] = None,
    source: Annotated[str, typer.Option("--source", metavar="网址", help="原文网址,记入来源")] = "",
    force: Annotated[bool, typer.Option("--force", help="内容相同也重新解析入库")] = False,
) -> None:
    """把往年计划解析后加入语料库(每篇一个 YAML,原文一并保存)。

    文件夹(含子文件夹)中 drafter 读得了的文件逐个入库,其余跳过并计数;一个文件失败不影响其余文件。
    同一份计划的两种格式(如网页和它的 .docx 附件)只入库一次,两份原文都记入来源。

    退出码:0 全部入库;1 部分文件失败;2 没有一个文件能读。

    示例:drafter ingest ~/下载/各地工作要点/ 2024年工作要点.docx --corpus corpus/
    """
    from ..parse.read import SUPPORTED
    from ..store import batch as batch_lib
    from ..store import corpus as corpus_lib
    from .console import progress, table

    run = settings(ctx)
    target = corpus_lib.locate(run.corpus(corpus, for_writing=True), for_writing=True)
    found = batch_lib.gather(files, target)
    with progress(len(found[0]), "入库", run.quiet) as advance:
        batch = batch_lib.ingest_all(files, target, issuer, year, source, force, step=advance, files=found)
    outcomes = {batch_lib.ADDED: "新增", batch_lib.PRESENT: "已存在", batch_lib.MERGED: "并入(同文另一格式)"}
    rows = []
    for done in batch.ingested:
        summary = done.entry.summary()
        number = done.entry.plan.source.provenance.get("part")  # in a file of several documents
        rows.append(
            [
                done.source.name + (f"({part_label(number)})" if number else ""),
                str(summary["issuer"]),
                str(summary["year"] or ""),
                str(summary["sections"]),
                str(summary["items"]),
                str(summary["items_with_units"]),
                str(len(done.entry.plan.warnings)),
                outcomes[done.outcome],
            ]
        )
    rows += [[f.source.name, "", "", "", "", "", "", f"失败:{f.reason}"] for f in batch.failures]
    if rows:
        headers = ["文件", "发文单位", "年度", "部分", "条目", "有责任单位", "提示", "结果"]
        table(headers, rows, title=f"语料库:{target}")
    if batch.skipped:
        counts = "、".join(f"{suffix or '无扩展名'} {n}" for suffix, n in batch.skipped.most_common())
        typer.echo(f"跳过 {batch.skipped.total()} 个不支持的文件: {counts}", err=True)
    for failure in batch.failures:
        typer.echo(f"错误:{failure}", err=True)
    if not found[0]:
        given = "、".join(str(path) for path in files)
        typer.echo(f"错误:{given}:没有找到可入库的文件(支持 {SUPPORTED})", err=True)
    if batch.status:
        raise typer.Exit(batch.status)


@corpus_app.command("list", options_metavar="[选项]")
def corpus_list(ctx: typer.Context, corpus: CorpusOption = None, as_json: JsonOption = False) -> None:
    """列出语料库中的计划。

    部分数、条目数和有责任单位的条目数均含附件中的(正文加各附件);“附件条目”为其中属于附件的条目数。

    示例:drafter corpus list --json
    """
    from ..store import corpus as corpus_lib
    from .console import table

    folder = corpus_lib.locate(settings(ctx).corpus(corpus))
    summaries = [entry.summary() for entry in corpus_lib.entries(folder)]
    if as_json:
        _print_json(summaries)
        return
    keys = ["id", "title", "issuer", "year", "doc_type", "sections", "items", "attachment_items",
            "items_with_units"]  # fmt: skip
    headers = ["编号", "标题", "发文单位", "年度", "文种", "部分(含附件)", "条目(含附件)", "附件条目",
               "有责任单位"]  # fmt: skip
    rows = [["" if s[k] is None else str(s[k]) for k in keys] for s in summaries]
    table(headers, rows, title=f"语料库:{folder}")


@corpus_app.command("check", options_metavar="[选项]")
def corpus_check(
    ctx: typer.Context,
    corpus: CorpusOption = None,
    move: Annotated[
        bool, typer.Option("--quarantine", help="把有问题的文件移入语料库中的隔离目录(不删除)")
    ] = False,
) -> None:
    """检查语料库中的每个 YAML 文件能否读出计划,列出有问题的文件及原因。

    退出码:0 全部完好;1 发现有问题的文件(加 --quarantine 时已移走);2 参数有误。
    示例:drafter corpus check --quarantine
    """
    from ..store import corpus as corpus_lib

    folder = corpus_lib.locate(settings(ctx).corpus(corpus), for_writing=move)
    found, skipped = corpus_lib.scan(folder)
    for bad in skipped:
        typer.echo(f"有问题:{bad}")
    if move and skipped:
        moved = corpus_lib.quarantine(folder, skipped)
        typer.echo(f"已将 {len(moved)} 个文件移入 {moved[0].parent}")
    typer.echo(f"语料库 {folder}:完好 {len(found)} 篇,有问题 {len(skipped)} 个")
    raise typer.Exit(1 if skipped else 0)


@corpus_app.command("show", options_metavar="[选项]")
def corpus_show(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="编号", help="编号(或编号中独有的一段)")],
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """显示语料库中的一篇计划及其来源。

    示例:drafter corpus show 2022-长沙市教育局
    """
    from ..render.terminal import plan_outline
    from ..store import corpus as corpus_lib

    entry = corpus_lib.find(corpus_lib.locate(settings(ctx).corpus(corpus)), entry_id)
    if as_json:
        from ..store.serialize import plan_to_dict

        _print_json(plan_to_dict(entry.plan))
        return
    source = entry.plan.source
    typer.echo(f"编号:{entry.id}")
    typer.echo(
        f"来源:{source.path}" + (f"  {source.url}" if source.url else "") + f"  sha256:{source.sha256}"
    )
    typer.echo(plan_outline(entry.plan))


@app.command("check", options_metavar="[选项]")
def check_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="文件", help="要核对的计划(.yaml、.txt、.md、.docx)")
    ],
    output_format: Annotated[
        str, typer.Option("--format", metavar="格式", help="输出格式:text、json 或 sarif")
    ] = "text",
    units: Annotated[
        Path | None,
        typer.Option("--units", metavar="文件", help="本局单位名录(每行一个名称的 .txt,或 .yaml)"),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", metavar="年份", min=YEARS[0], max=YEARS[-1], help="计划年度(默认取标题中的年份)"
        ),
    ] = None,
    previous: Annotated[
        Path | None, typer.Option("--previous", metavar="文件", help="上年计划,用于发现照抄未改的条目")
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="规则", help="只用这些规则(编号、名称或编号前缀,逗号分隔)"),
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="规则", help="不用这些规则")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="有警告也返回 1")] = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="把可安全修正的问题改好,写入 文件名.fixed.扩展名")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="显示安全修正的改动")] = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="与 --fix 同用:直接改原文件")] = False,
    track: Annotated[
        bool,
        typer.Option("--track/--no-track", help="与 --fix 同用:Word 文件的修正写成修订(默认),或直接改"),
    ] = True,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", metavar="文件.docx", help="把错误和警告作为批注写入这份 Word 副本"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的 .fixed 文件或批注副本")] = False,
    corpus: CorpusOption = None,
) -> None:
    """发布前核对计划:责任单位、单位名称、序号、括号、年份、占位符、过时提法等。

    退出码:0 无错误(可有警告);1 有错误(--strict 时有警告也算);2 输入或参数有误。
    示例:drafter check 2027年工作要点.docx --previous 2026年工作要点.docx
    """
    from ..checks import output, runner

    if output_format not in ("text", "json", "sarif"):
        raise UsageError(f"--format 只能是 text、json 或 sarif,而不是“{output_format}”")
    if annotate is not None:
        _check_annotate_target(annotate, files, force)
    run = settings(ctx)
    profile = run.profile()
    units_file, unit_names = profile.unit_sources(units)
    options = runner.Options(
        year=year,
        units=units_file,
        previous=previous,
        corpus=run.corpus(corpus),
        select=_split(select) or profile.check.select,
        ignore=_split(ignore) or profile.check.ignore,
        unit_names=unit_names,
        severity=profile.check.severity,
    )
    reports = runner.check_files(files, options)
    if fix or diff:
        for index, report in enumerate(reports):
            fixed = runner.fix_and_recheck(report, options, fix, in_place, force, track)
            if fixed is None:
                continue
            if diff and fixed.result.diff:
                typer.echo(fixed.result.diff, err=output_format != "text")
            if fixed.target is not None:
                skipped = f",{fixed.result.skipped} 处未能定位而跳过" if fixed.result.skipped else ""
                run.info(f"已修正 {fixed.result.applied} 处{skipped},写入 {fixed.target}")
            reports[index] = fixed.report
    if annotate is not None and reports[0].plan is not None:
        from ..render.annotate import annotate_check
        from ..store.files import write_atomic

        data, placed = annotate_check(Path(reports[0].path), reports[0].plan, reports[0].findings)
        write_atomic(annotate, data)
        run.info(f"已把 {placed} 处错误和警告作为批注写入 {annotate}")
    for report in reports:
        if report.error:
            typer.echo(f"错误:{report.error}", err=True)
    formatter = {"text": output.format_text, "json": output.format_json, "sarif": output.format_sarif}
    typer.echo(formatter[output_format](reports))
    raise typer.Exit(runner.exit_code(reports, strict))


@app.command("build", options_metavar="[选项]")
def build_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="文件", help="计划:.yaml 草稿、.txt、.md 或 .docx")],
    out: Annotated[Path, typer.Option("-o", "--output", metavar="文件", help="输出的 .docx 文件")],
    notice: Annotated[
        bool, typer.Option("--notice", help="加上印发通知和版记(版记另起偶数页,在版心底部)")
    ] = False,
    attachment: Annotated[
        bool, typer.Option("--attachment/--inline", help="计划作为通知的附件,或紧随通知")
    ] = False,
    red_header: Annotated[
        bool, typer.Option("--red-header", help="红头:发文机关标志、发文字号和红色分隔线")
    ] = False,
    doc_number: Annotated[
        str,
        typer.Option(
            "--doc-number", metavar="字号", help="发文字号,如“长教发〔2027〕1号”;配置了字号前缀时可只写序号"
        ),
    ] = "",
    recipients: Annotated[str, typer.Option("--recipients", metavar="机关", help="主送机关")] = "",
    signer: Annotated[str, typer.Option("--signer", metavar="署名", help="署名(默认为发文单位)")] = "",
    date: Annotated[
        str,
        typer.Option(
            "--date", metavar="日期", help="成文日期,如 2027-02-18、2027/2/18、2027.2.18 或 2027年2月18日"
        ),
    ] = "",
    cc: Annotated[str, typer.Option("--cc", metavar="机关", help="抄送机关(写入版记)")] = "",
    printer: Annotated[
        str, typer.Option("--printer", metavar="机关", help="印发机关(默认为发文单位办公室)")
    ] = "",
    book_title: Annotated[bool, typer.Option("--book-title", help="通知标题中的计划名称加书名号")] = False,
    table: Annotated[bool, typer.Option("--table", help="附上任务分工表")] = False,
    table_brief: Annotated[
        bool, typer.Option("--table-brief", help="任务分工表的“工作任务”栏只列条目标题,不列具体措施")
    ] = False,
    by_unit: Annotated[bool, typer.Option("--by-unit", help="附上各单位任务清单")] = False,
    labels: Annotated[
        str, typer.Option("--labels", metavar="标签", help="统一的分工标签,如“牵头处室,责任处室”")
    ] = "",
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的输出文件")] = False,
) -> None:
    """按 GB/T 9704—2012 排出正式的 Word 文件,可加印发通知、任务分工表和各单位任务清单。

    示例:drafter build 2027年工作要点.yaml -o 2027年工作要点.docx --notice --red-header --table
    """
    from ..parse.plan import parse_file
    from ..render.options import fill_notice, iso_date, parse_labels
    from ..render.word import BuildOptions, write_docx
    from ..store.files import check_target

    if out.suffix.lower() != ".docx":
        raise UsageError(f"输出文件须以 .docx 结尾:{out}")
    check_target(out, force)
    if red_header and not notice:
        raise UsageError("--red-header 须与 --notice 同用")
    run = settings(ctx)
    profile = run.profile()
    plan = parse_file(file)
    options = BuildOptions(
        notice=notice, attachment=attachment, red_header=red_header, book_title=book_title,
        doc_number=doc_number, recipients=recipients, signer=signer, date=iso_date(date), cc=cc,
        printer=printer, table=table, table_brief=table_brief, by_unit=by_unit,
    )  # fmt: skip
    for remark in fill_notice(options, plan, profile.notice):
        run.info(remark)
    if red_header and not options.doc_number:
        run.info("警告:未给 --doc-number,红头中的发文字号一行将是空的")
    options.layout.labels = parse_labels(labels) or dict(profile.labels)
    write_docx(plan, options, out)
    run.done(f"已写入 {out}({len(plan.items())} 条)")


@ledger_app.command("create", options_metavar="[选项]")
def ledger_create(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="计划", help="计划:.yaml 草稿、.txt、.md 或 .docx")],
    out: Annotated[Path, typer.Option("-o", "--output", metavar="文件", help="输出的 .xlsx 台账")],
    by_unit: Annotated[bool, typer.Option("--by-unit", help="另按牵头单位各列一张工作表")] = False,
    labels: Annotated[
        str,
        typer.Option("--labels", metavar="标签", help="单位三栏的表头,如“牵头处室,责任处室”(默认随计划)"),
    ] = "",
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的输出文件")] = False,
) -> None:
    """生成任务台账(.xlsx):每条一行,列出量化指标、牵头和责任单位、完成时限,完成情况可下拉选择。

    示例:drafter ledger create 2027年工作要点.docx -o 2027年任务台账.xlsx --by-unit
    """
    from ..ledger.create import ledger_of
    from ..ledger.xlsx import write_ledger
    from ..parse.plan import parse_file
    from ..render.options import parse_labels
    from ..store.files import check_target

    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"输出文件须以 .xlsx 结尾:{out}")
    check_target(out, force)
    run = settings(ctx)
    ledger = ledger_of(parse_file(file), parse_labels(labels) or dict(run.profile().labels))
    write_ledger(ledger, out, by_unit=by_unit)
    for warning in ledger.warnings:
        run.info(f"警告:{warning}")
    dated = sum(row.due is not None for row in ledger.rows)
    run.done(f"已写入 {out}({len(ledger.rows)} 条,其中 {dated} 条有可推算的完成日期)")


LedgersOption = Annotated[
    list[Path],
    typer.Option("--ledger", metavar="台账", help="各单位填报后的 .xlsx 台账(多份时重复 --ledger)"),
]
AsOfOption = Annotated[
    str, typer.Option("--as-of", metavar="日期", help="截至这一天(默认今天),如 2027-06-30")
]


def _as_of(value: str, year: int | None = None) -> Any:
    """The --as-of date; when not given, today — or the end of ``year`` when that has passed
    (a summary of a past year's plan). A bad date is a usage error."""
    from datetime import date

    from ..lang.dates import iso_date

    today = date.today()
    try:
        return date.fromisoformat(iso_date(value)) if value else min(today, date(year or today.year, 12, 31))
    except ValueError as problem:
        raise UsageError(f"--as-of {problem}") from None


def _read_ledgers(run: Settings, files: list[Path]) -> Any:
    from ..ledger.xlsx import read_ledgers

    ledger = read_ledgers(files)
    for warning in ledger.warnings:
        run.info(f"警告:{warning}")
    return ledger


@ledger_app.command("status", options_metavar="[选项]")
def ledger_status(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="台账", help="各单位填报后的 .xlsx 台账(可多个)")],
    as_of: Annotated[
        str, typer.Option("--as-of", metavar="日期", help="按这一天计算逾期(默认今天),如 2027-06-30")
    ] = "",
    as_json: JsonOption = False,
) -> None:
    """汇总台账:按完成情况计数(全部和各单位),列出逾期未完成和未填报的条目;多份台账按编号合并。

    JSON 输出:{"total", "by_status", "by_unit", "overdue", "missing"},各项说明见 drafter.ledger.status。

    示例:drafter ledger status 台账-组织处.xlsx 台账-基础教育处.xlsx --as-of 2027-06-30
    """
    from ..ledger.status import report_lines, status_report

    when = _as_of(as_of)
    ledger = _read_ledgers(settings(ctx), files)
    report = status_report(ledger, when)
    if as_json:
        _print_json(report.to_dict())
        return
    for line in report_lines(report, ledger.title):
        typer.echo(line)


@ledger_app.command("bulletin", options_metavar="[选项]")
def ledger_bulletin(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="台账", help="各单位填报后的 .xlsx 台账(可多个)")],
    out: Annotated[Path, typer.Option("-o", "--output", metavar="文件", help="输出的 .docx 通报")],
    as_of: AsOfOption = "",
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的输出文件")] = False,
) -> None:
    """写出进展通报(.docx):总体完成情况和各单位数字,按完成情况分列的事项表,滞后和逾期事项按牵头单位列出。

    只用台账中的数字、条目和各单位填报的进展原文,不替单位写一个字。

    示例:drafter ledger bulletin 台账-组织处.xlsx 台账-基础教育处.xlsx -o 进展通报.docx --as-of 2027-06-30
    """
    from ..ledger.bulletin import bulletin_docx, make_bulletin
    from ..store.files import check_target, write_atomic

    if out.suffix.lower() != ".docx":
        raise UsageError(f"输出文件须以 .docx 结尾:{out}")
    check_target(out, force)
    run = settings(ctx)
    when = _as_of(as_of)
    ledger = _read_ledgers(run, files)
    write_atomic(out, bulletin_docx(make_bulletin(ledger, when)))
    run.done(f"已写入 {out}(截至 {when.isoformat()},共 {len(ledger.rows)} 项)")


@app.command("summary", options_metavar="[选项]")
def summary_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="计划", help="本年的计划:.yaml、.txt、.md 或 .docx")],
    ledgers: LedgersOption,
    out: Annotated[
        Path, typer.Option("-o", "--output", metavar="文件", help="输出:.docx 正式文件,或 .yaml 供修改")
    ],
    as_of: Annotated[
        str, typer.Option("--as-of", metavar="日期", help="截至这一天(默认今天;计划的年度已过则为其年末)")
    ] = "",
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的输出文件")] = False,
) -> None:
    """写出年终工作总结的骨架:逐条列出计划的任务和量化指标、台账中的完成情况和进展原文,最后列出需续办的事项。

    没有填报进展的条目写“【待补】”,绝不代写;drafter check 会列出尚未补写的。

    示例:drafter summary 2027年工作要点.docx --ledger 台账.xlsx -o 2027年工作总结.yaml
    """
    from ..lang.patterns import PENDING
    from ..ledger.summary import CONTINUED, make_summary, write_summary
    from ..parse.plan import parse_file
    from ..store.files import check_target

    if out.suffix.lower() not in (".docx", ".yaml", ".yml"):
        raise UsageError(f"输出文件须为 .docx 或 .yaml:{out}")
    check_target(out, force)
    run = settings(ctx)
    plan = parse_file(file)
    when = _as_of(as_of, plan.year)
    summary, warnings = make_summary(plan, _read_ledgers(run, ledgers), when)
    for warning in warnings:
        run.info(f"警告:{warning}")
    write_summary(summary, out)
    items = summary.all_items()
    continued = sum(item.title.endswith(CONTINUED) for item in items)
    pending = sum(PENDING in item.text for item in items)
    run.done(f"已写入 {out}:{len(items) - continued} 条,{pending} 条待补写进展,{continued} 条续办")


@app.command("tasks", options_metavar="[选项]")
def tasks_command(
    file: Annotated[Path, typer.Argument(metavar="文件", help="计划文件")],
    unit: Annotated[str, typer.Option("--unit", metavar="单位", help="只看这个单位")] = "",
    as_json: JsonOption = False,
) -> None:
    """列出各单位的任务:牵头的和参与的(与 build --by-unit 相同)。

    示例:drafter tasks 2027年工作要点.yaml --unit 基础教育处
    """
    from ..draft.tasks import tasks_by_unit
    from ..parse.plan import parse_file

    lists = tasks_by_unit(parse_file(file), unit)
    if unit and not lists:
        raise UsageError(f"计划中没有单位“{unit}”")
    if as_json:
        _print_json([tasks.to_dict() for tasks in lists])
        return
    for tasks in lists:
        typer.echo(f"{tasks.unit}(牵头 {len(tasks.lead)} 项,参与 {len(tasks.shared)} 项)")
        for word, found in (("牵头", tasks.lead), ("参与", tasks.shared)):
            for row in found:
                typer.echo(f"  {word}  {row.number:>3}. {row.task}  [{row.path}]")


@app.command("new", options_metavar="[选项]")
def new_command(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="文件", help="输出文件:.yaml 草稿、.txt/.md 正文或 .docx"),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year", metavar="年份", min=YEARS[0], max=YEARS[-1], help="新计划的年度(默认取配置文件中的)"
        ),
    ] = None,
    issuer: Annotated[
        str,
        typer.Option("--issuer", metavar="单位", help="发文单位(默认取配置文件中的,或沿用的上年计划的)"),
    ] = "",
    base: Annotated[Path | None, typer.Option("--from", metavar="文件", help="以这份上年计划为底稿")] = None,
    latest: Annotated[bool, typer.Option("--from-latest", help="以语料库中本单位最新的计划为底稿")] = False,
    structure: Annotated[
        Path | None, typer.Option("--structure", metavar="文件", help="自定的标准结构文件")
    ] = None,
    units: Annotated[Path | None, typer.Option("--units", metavar="文件", help="本局单位名录文件")] = None,
    corpus: CorpusOption = None,
    ledgers: Annotated[
        list[Path] | None,
        typer.Option(
            "--ledger",
            metavar="台账",
            help="上年计划的 .xlsx 台账(多份时重复):未完成的条目标“续办”,已完成的提示删去或提高目标",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的输出文件")] = False,
) -> None:
    """起草新一年的计划:沿用上年计划(年份顺延、标出过时提法和过期期限),或按标准结构配上参考措施。

    示例:drafter new --year 2027 --issuer 长沙市教育局 --from-latest -o 2027年工作要点.yaml
    """
    from ..draft.new import CONTINUE, make_draft, write_draft
    from ..store.files import check_target

    suffix = out.suffix.lower()
    if suffix not in (".yaml", ".yml", ".txt", ".md", ".docx"):
        raise UsageError(f"输出文件须为 .yaml、.txt、.md 或 .docx:{out}")
    check_target(out, force)
    if base is not None and latest:
        raise UsageError("--from 与 --from-latest 只能用一个")
    run = settings(ctx)
    profile = run.profile()
    year = year or profile.year
    if year is None:
        raise UsageError("请用 --year 给出新计划的年度(或写在配置文件的 year 中)")
    issuer = issuer or profile.issuer
    if latest and not issuer:
        raise UsageError("--from-latest 须同时给出 --issuer")
    if base is None and not latest and not issuer:
        raise UsageError("不沿用上年计划时须给出 --issuer")
    if ledgers and base is None and not latest:
        raise UsageError("--ledger 须与 --from 或 --from-latest 同用:台账记的是上年计划各条的落实情况")
    units_file, unit_names = profile.unit_sources(units)
    draft = make_draft(
        year, issuer, base=base, latest=latest, corpus=run.corpus(corpus), structure=structure,
        units=units_file, unit_names=unit_names, labels=profile.labels,
        recipients=profile.notice.recipients, signer=profile.notice.signer,
        ledger=_read_ledgers(run, ledgers) if ledgers else None,
    )  # fmt: skip
    write_draft(draft, out, draft.made_from)
    items = draft.plan.items()
    flags = sum(len(i.origin.get("flags", [])) for i in items) + len(draft.notes)
    carried = sum(i.origin.get("ledger", {}).get("mark") == CONTINUE for i in items)
    run.done(
        f"已写入 {out}:{len(draft.plan.sections)} 个部分、{len(items)} 条"
        + (f"(其中续办 {carried} 条)" if ledgers else "")
        + f";需要处理 {flags} 处(见文件中的标注)"
    )


@app.command("diff", options_metavar="[选项]")
def diff_command(
    old: Annotated[Path, typer.Argument(metavar="旧计划", help="上年(或修改前)的计划")],
    new: Annotated[Path, typer.Argument(metavar="新计划", help="今年(或修改后)的计划")],
    as_json: JsonOption = False,
) -> None:
    """比较两份计划:新增、删除、修改(标出改动的字词和指标)和未变的条目,以及各单位的任务增减。

    示例:drafter diff 2026年工作要点.docx 2027年工作要点.yaml
    """
    from ..draft.diff import diff_plans
    from ..parse.plan import parse_file
    from ..render.terminal import diff_report

    result = diff_plans(parse_file(old), parse_file(new))
    if as_json:
        _print_json(result.to_dict())
    else:
        typer.echo(diff_report(result))


@app.command("structure", options_metavar="[选项]")
def structure_command(
    ctx: typer.Context,
    structure: Annotated[
        Path | None, typer.Option("--structure", metavar="文件", help="自定的标准结构文件")
    ] = None,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """对照标准结构检查语料库中的每份计划:各有哪些主题,哪些条目不属于任何主题。

    示例:drafter structure --json
    """
    from ..knowledge.structure import coverage, load_structure, themes_of
    from ..store import corpus as corpus_lib
    from .console import table

    standard = load_structure(structure)
    folder = corpus_lib.locate(settings(ctx).corpus(corpus))
    found = [(entry, coverage(entry.plan, standard)) for entry in corpus_lib.entries(folder)]
    if as_json:
        _print_json([
            {"id": e.id, "title": e.plan.title, "issuer": e.plan.issuer, "year": e.plan.year, **c.to_dict()}
            for e, c in found
        ])  # fmt: skip
        return
    names = [theme.name for theme in themes_of(standard)]
    headers = ["主题", *[f"{e.plan.issuer}{e.plan.year or ''}" for e, _ in found]]
    rows = [[name, *[str(len(c.themes.get(name, []))) or "" for _, c in found]] for name in names]
    rows.append(["(不属于任何主题)", *[str(len(c.outside)) for _, c in found]])
    table(headers, rows, title="标准结构覆盖情况(每格为条目数)")
    for entry, result in found:
        if result.outside:
            typer.echo(f"{entry.id} 不属于任何主题的条目:{'、'.join(result.outside)}")


@app.command("suggest", options_metavar="[选项]")
def suggest_command(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(metavar="文字", help="要查找的一句话或一段话")] = None,
    plan: Annotated[
        Path | None,
        typer.Option("--plan", metavar="文件", help="为草稿的每一条找相近措施(不与草稿本身及其底稿比)"),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top", "-k", min=1, metavar="条数", help="列出几条(默认:查文字 5 条;--plan 每条 3 条)"
        ),
    ] = None,
    issuer: Annotated[str, typer.Option("--issuer", metavar="文字", help="只看发文单位含此文字的计划")] = "",
    since: Annotated[
        int | None,
        typer.Option("--since", metavar="年份", min=YEARS[0], max=YEARS[-1], help="只看该年及以后的计划"),
    ] = None,
    until: Annotated[
        int | None,
        typer.Option("--until", metavar="年份", min=YEARS[0], max=YEARS[-1], help="只看该年及以前的计划"),
    ] = None,
    min_score: Annotated[
        float,
        typer.Option("--min-score", min=0, max=100, metavar="分数", help="只列相似度不低于此分(0–100)的"),
    ] = 0,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            metavar="文件.docx",
            help="与 --plan 同用:把每条的相近措施作为批注写入这份 Word 副本",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的批注副本")] = False,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """从语料库中找相近的往年措施,注明出处(发文单位、年度、条目)和责任单位。

    相似度 0–100:75 及以上为“几乎相同”,50–75 为“相关”,50 以下为“无相近”。

    入库后索引自动更新;在语料库文件上直接修改后,请先运行 drafter index,改动才能查到。

    示例:drafter suggest "加强经费管理" --top 5 --since 2020
    """
    from ..store import corpus as corpus_lib
    from ..suggest.search import Filters, own_plans, review, search

    if (text is None) == (plan is None):
        raise UsageError("请给出要查找的文字,或用 --plan 指定草稿(二者取一)")
    if annotate is not None:
        if plan is None:
            raise UsageError("--annotate 须与 --plan 同用")
        _check_annotate_target(annotate, [plan], force)
    run = settings(ctx)
    built = _open_index(run, corpus_lib.locate(run.corpus(corpus)))
    filters = Filters(issuer, since, until)
    top = top or (5 if text is not None else 3)
    if text is not None:
        found = search(built.index, text, top, filters, min_score)
        if as_json:
            _print_json([s.to_dict() for s in found])
            return
        from ..render.terminal import suggestion_lines

        typer.echo("\n".join(suggestion_lines(found)) or "语料库中无相近措施。")
        return
    import hashlib

    from ..parse.plan import parse_file
    from ..parse.read import read_bytes

    assert plan is not None  # one of text and --plan, checked above
    draft = parse_file(plan)
    filters.exclude_plans = own_plans(built.index, draft, hashlib.sha256(read_bytes(plan)).hexdigest())
    rows = review(built.index, draft, top, filters, min_score)
    if annotate is not None:
        from ..render.annotate import annotate_suggestions
        from ..store.files import write_atomic

        data, placed = annotate_suggestions(plan, draft, rows)
        write_atomic(annotate, data)
        run.info(f"已把 {placed} 条的相近措施作为批注写入 {annotate}")
    if as_json:
        _print_json([row.to_dict() for row in rows])
        return
    from ..render.terminal import review_report

    typer.echo(review_report(rows))


@app.command("index", options_metavar="[选项]")
def index_command(
    ctx: typer.Context,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="无论是否最新都重建")] = False,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """查看语料库的检索索引(位置、条目数、大小),并逐一核对语料库文件,把改动过的更新进索引。

    入库(ingest)和增删、替换文件后,suggest 会自动更新索引;在原文件上直接修改
    (如用编辑器改动 YAML 后原样保存)时,suggest 要到结果涉及该文件时才发现,
    改完后运行一次 drafter index,新增的条目即可查到。--rebuild 则全部重建。

    示例:drafter index --rebuild
    """
    from ..store import corpus as corpus_lib

    run = settings(ctx)
    built = _open_index(run, corpus_lib.locate(run.corpus(corpus)), rebuild, check=True)
    facts = built.to_dict()
    if as_json:
        _print_json(facts)
        return
    typer.echo(f"索引位置:{facts['folder']}")
    typer.echo(f"计划 {facts['plans']} 份,条目 {facts['items']} 条,占用 {facts['bytes'] / 1e6:.1f} MB")
    if built.updated:
        typer.echo(f"已按改动的文件更新索引,用时 {built.seconds:.2f} 秒")
    else:
        typer.echo(f"本次重建,用时 {built.seconds:.2f} 秒" if built.rebuilt else "索引已是最新,无需重建")


def _open_index(run: Settings, folder: Path, rebuild: bool = False, check: bool = False) -> Any:
    from functools import partial

    from ..suggest.index import open_index
    from .console import progress

    built = open_index(folder, rebuild, partial(progress, quiet=run.quiet), check=check)
    if built.rebuilt and not (rebuild or check):
        run.info(f"已为语料库建立索引({built.index.size} 条,用时 {built.seconds:.1f} 秒)。")
    return built


@app.command("init", options_metavar="[选项]")
def init_command(
    ctx: typer.Context,
    issuer: Annotated[str, typer.Option("--issuer", metavar="单位", help="发文单位(不写则询问)")] = "",
    year: Annotated[
        int | None,
        typer.Option(
            "--year", metavar="年份", min=YEARS[0], max=YEARS[-1], help="默认的计划年度(默认为明年)"
        ),
    ] = None,
    corpus: Annotated[
        str,
        typer.Option("--corpus", metavar="目录", help="语料库目录,写入配置文件(相对于配置文件所在目录)"),
    ] = "corpus",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不询问:语料库中学到的单位全部写入名录")] = False,
    out: Annotated[Path, typer.Option("-o", "--output", metavar="文件", help="配置文件")] = Path(
        "drafter.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的配置文件")] = False,
) -> None:
    """在当前目录写一份带注释的配置文件 drafter.yaml:发文单位、年度、单位名录、通知默认内容等。

    会询问发文单位,并列出语料库中该单位往年计划用过的单位,供写入单位名录。

    示例:drafter init --issuer 长沙市教育局
    """
    import datetime as dt

    from ..store import corpus as corpus_lib
    from ..store.files import check_target, write_atomic
    from .profile import learned_units, load_profile, render_profile
    from .settings import resolve_corpus

    run = settings(ctx)
    check_target(out, force)
    if not issuer:
        issuer = _ask("发文单位(如 长沙市教育局)").strip()
    if not issuer:
        raise UsageError("发文单位不能为空")
    today = dt.date.today()
    year = year or (today.year + 1 if today.month >= 9 else today.year)  # drafting starts in autumn
    configured = out.parent / corpus
    folder = resolve_corpus(configured if configured.is_dir() else None, None)  # no profile yet
    learned, doubtful = learned_units(corpus_lib.locate(folder), issuer)
    units: list[str] = []
    if doubtful:
        run.info(f"像是笔误、不写入名录的写法(只出现一次,与别的单位只差一字或少了几字):{'、'.join(doubtful)}")
    if learned:
        typer.echo(f"语料库中{issuer}往年计划用过这些单位(次数):")
        typer.echo("  " + "、".join(f"{name}({count})" for name, count in learned))
        if yes or _ask("把它们写入本局单位名录?", confirm=True):
            units = [name for name, _ in learned]
    else:
        run.info(f"语料库中没有{issuer}的计划;单位名录先留空,可在 drafter.yaml 中补上。")
    write_atomic(out, render_profile(issuer, year, corpus, units).encode("utf-8"))
    load_profile(out)  # what was written reads back
    run.done(f"已写入 {out}:发文单位 {issuer},年度 {year},单位名录 {len(units)} 个")


@app.command("preview", options_metavar="[选项]")
def preview_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="文件.docx", help="要预览的 Word 文件")],
    out: Annotated[Path, typer.Option("-o", "--output", metavar="目录", help="存放 PNG 的目录")] = Path(
        "预览"
    ),
    dpi: Annotated[int, typer.Option("--dpi", min=30, max=300, metavar="整数", help="分辨率")] = 80,
    force: Annotated[bool, typer.Option("--force", help="覆盖目录中已有的同名 PNG")] = False,
) -> None:
    """把 Word 文件逐页渲染成 PNG(需要 LibreOffice 和 pdftoppm),没有 Word 也能看版面。

    缺少公文字体时用免费字体临时顶替,只影响预览,不改文件。

    示例:drafter preview 2027年工作要点.docx -o 预览
    """
    from ..render.preview import font_warning, render_pages

    if not force and any(out.glob(f"{file.stem}-*.png")):
        raise UsageError(f"{out} 中已有 {file.stem}-*.png,加 --force 覆盖")
    if warning := font_warning():  # before rendering: without any font LibreOffice may fail too
        settings(ctx).info(warning)
    pages = render_pages(file, out, dpi)
    settings(ctx).done(f"已写入 {len(pages)} 页:{pages[0]} … {pages[-1]}" if pages else "未生成任何页面")


@app.command("rules", options_metavar="[选项]")
def rules_command(
    rule_id: Annotated[
        str | None, typer.Argument(metavar="规则", help="规则编号或名称,显示其说明和例子")
    ] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 格式的规则一览")] = False,
    as_json: JsonOption = False,
) -> None:
    """列出 drafter check 的全部规则(级别、能否自动修正、依据的标准条款或写作惯例),或显示一条规则的说明。

    示例:drafter rules PLAN013
    """
    from ..checks import RULES, output
    from .console import table

    if rule_id:
        rule = RULES.get(rule_id.upper()) or next((r for r in RULES.values() if r.name == rule_id), None)
        if rule is None:
            raise UsageError(f"没有规则“{rule_id}”(drafter rules 列出全部规则)")
        if as_json:
            _print_json(output.rule_record(rule))
        else:
            typer.echo(output.rule_help(rule))
    elif as_json:
        _print_json([output.rule_record(r) for r in RULES.values()])
    elif markdown:
        typer.echo(output.rules_markdown(), nl=False)
    else:
        rows = [
            [r.id, r.title, r.name, output.SEVERITY_NAMES[r.severity], r.fix_safety, output.short_source(r)]
            for r in RULES.values()
        ]
        table(["编号", "标题", "名称", "级别", "自动修正", "依据"], rows, title="drafter check 的规则")


@app.command("units", options_metavar="[选项]")
def units_command(
    ctx: typer.Context,
    issuer: Annotated[
        str | None, typer.Option("--issuer", metavar="单位", help="发文单位:加上从其往年计划学到的单位")
    ] = None,
    units: Annotated[Path | None, typer.Option("--units", metavar="文件", help="本局单位名录文件")] = None,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """显示 drafter check 使用的单位名录:常见处室、往年计划中出现过的单位及次数。

    示例:drafter units --issuer 长沙市教育局
    """
    from ..knowledge.units import load_registry
    from ..store import corpus as corpus_lib
    from .console import table

    run = settings(ctx)
    profile = run.profile()
    units_file, unit_names = profile.unit_sources(units)
    registry = load_registry(
        issuer if issuer is not None else profile.issuer,
        corpus_lib.locate(run.corpus(corpus)),
        units_file,
        names=unit_names,
    )
    rows = registry.units()
    if as_json:
        _print_json([{"name": n, "source": s, "count": c, "aliases": a} for n, s, c, a in rows])
        return
    table(
        ["单位", "来源", "往年出现次数", "别称"], [[n, s, str(c or ""), "、".join(a)] for n, s, c, a in rows]
    )


def _check_annotate_target(out: Path, sources: list[Path], force: bool) -> None:
    """An --annotate copy: one .docx, for one input, never the input itself."""
    from ..store.files import check_target

    if out.suffix.lower() != ".docx":
        raise UsageError(f"--annotate 的输出文件须以 .docx 结尾:{out}")
    if len(sources) != 1:
        raise UsageError("--annotate 只能用于一个文件")
    if out.resolve() == sources[0].resolve():
        raise UsageError(f"--annotate 不能写回原文件 {out}:批注写在副本中,原文件保持不变")
    check_target(out, force)


def _refuse_control_characters(argv: list[str]) -> None:
    """No argument (a path, a name, a date, a text to look up) may carry a control character:
    it would end up in a YAML or Word file that cannot hold it."""
    if all(argument.isprintable() for argument in argv):
        return  # control characters are not printable: the reader need not be imported
    from ..parse.read import control_characters

    for argument in argv:
        if names := control_characters(argument):
            shown = argument if len(argument) <= _SHOWN_ARGUMENT else argument[:_SHOWN_ARGUMENT] + "…"
            raise UsageError(f"参数“{repr(shown)[1:-1]}”中含有控制字符({names}),无法使用")


_SHOWN_ARGUMENT = 40  # characters of a refused argument quoted in the error


def _ask(question: str, confirm: bool = False) -> Any:
    """A question on the terminal; a closed or exhausted stdin is a usage error, not an abort."""
    from typer.exceptions import Abort

    try:
        return (
            typer.confirm(question, default=True)
            if confirm
            else typer.prompt(question, default="", show_default=False)
        )
    except Abort:
        if sys.stdin is None or sys.stdin.closed or not sys.stdin.isatty():
            raise UsageError("没有读到回答(输入已结束);请用参数给出,如 --issuer、--yes") from None
        raise


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _print_json(data: Any) -> None:
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


# --- entry point ---------------------------------------------------------------------------


def main(args: list[str] | None = None) -> None:
    """Run the command line; user errors become one Chinese line on stderr and exit code 2."""
    # numpy's OpenBLAS starts a thread per core when loaded (~50 ms); no command uses BLAS
    import os

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from .chinese import run

    argv = sys.argv[1:] if args is None else args
    wants_help = not argv or "-h" in argv or "--help" in argv
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SkippedEntryWarning)
        warnings.simplefilter("always", DraftWarning)
        try:
            _refuse_control_characters(argv)
            code = run(typer.main.get_command(app), argv, obj=Settings(help=wants_help))
        except DrafterError as error:
            typer.echo(f"错误:{error}", err=True)
            code = 2
        except OSError as error:  # last resort: a file-system fault the library did not name itself
            from ..errors import os_error

            typer.echo(f"错误:{os_error(None, error)}", err=True)
            code = 2
    shown = (SkippedEntryWarning, DraftWarning)
    for message in dict.fromkeys(str(w.message) for w in caught if w.category in shown):
        typer.echo(f"警告:{message}", err=True)
    for other in caught:  # anything else is shown as Python would have shown it
        if other.category not in shown:
            warnings.showwarning(other.message, other.category, other.filename, other.lineno)
    sys.exit(code)
