"""What the import and export commands share: finding the society, reading dates from the
command line, printing a run's problems, and the exit codes.

Exit codes: 0 done (with --dry-run: would be done), 1 the file has problems and nothing was
written, 2 the command line is wrong (no such society, term or federation, a bad date, a
file that cannot be opened or is not a spreadsheet).
"""

import datetime as dt
import sys
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xuehui.audit.services import clean_reason
from xuehui.lib.excel import SpreadsheetError
from xuehui.lib.importing import Importer, ImportRun
from xuehui.lib.parsing import parse_date
from xuehui.lib.text import compact
from xuehui.societies.models import Society

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
MAX_ERRORS_SHOWN = 500


def fail(command: BaseCommand, message: str, code: int = EXIT_USAGE):
    command.stderr.write(message)
    sys.exit(code)


def add_full_arguments(parser) -> None:
    """`--full --reason TEXT`: an export command's ID and phone numbers in full, for a reason."""
    parser.add_argument(
        "--full", action="store_true", help="导出完整身份证号码和电话（须用 --reason 写明事由）"
    )
    parser.add_argument("--reason", default="", help="导出完整号码的事由（记入审计日志）")


def full_reason(options) -> str | None:
    """The reason of a `--full` export (CommandError without one), None for a masked one."""
    if not options["full"]:
        if options["reason"]:
            raise CommandError("只有导出完整号码（--full）时才需要填写事由", returncode=EXIT_USAGE)
        return None
    try:
        return clean_reason(options["reason"])
    except ValidationError as error:
        raise CommandError(
            f"导出完整号码须用 --reason 写明事由：{error.messages[0]}", returncode=EXIT_USAGE
        ) from None


def society_by_code(command: BaseCommand, code: str) -> Society:
    """A society by unified social credit code, else by exact name."""
    text = compact(code)
    society = (
        Society.objects.select_related("federation").filter(uscc=text.upper()).first()
        or Society.objects.select_related("federation").filter(name=text).first()
    )
    if society is None:
        fail(command, f"未找到学会：{code}（请填写统一社会信用代码或学会全称）")
    return society


def cli_date(command: BaseCommand, value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        fail(command, f"{option}：{error}")


def existing_file(command: BaseCommand, path: str) -> Path:
    file = Path(path)
    if not file.is_file():
        fail(command, f"找不到文件：{path}")
    return file


def run_import(command: BaseCommand, importer: Importer, path: str, *, dry_run: bool) -> ImportRun:
    """Run an import from a file and report like every import command; exits 1 or 2 on failure."""
    file = existing_file(command, path)
    started = time.perf_counter()
    try:
        run = importer.run(file, dry_run=dry_run)
    except SpreadsheetError as error:
        fail(command, str(error))
    elapsed = time.perf_counter() - started
    for warning in run.result.warnings:
        command.stderr.write(f"提示：{warning}")
    if not run.ok:
        errors = run.errors
        for error in errors[:MAX_ERRORS_SHOWN]:
            command.stderr.write(str(error))
        if len(errors) > MAX_ERRORS_SHOWN:
            command.stderr.write(f"……另有{len(errors) - MAX_ERRORS_SHOWN}处问题未列出")
        fail(
            command,
            f"共{len(run.result.rows)}行，发现{len(errors)}处问题，未写入任何数据",
            EXIT_DATA,
        )
    prefix = "检查通过，未写入（--dry-run）" if dry_run else "导入完成"
    command.stdout.write(
        f"{prefix}：{run.outcome.summary()}（{len(run.result.rows)}行，用时{elapsed:.1f}秒）"
    )
    for note in run.outcome.notes:
        command.stdout.write(note)
    return run
