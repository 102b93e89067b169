"""``bubblescope report``: write the self-contained HTML report and its JSON twin."""

from __future__ import annotations

from pathlib import Path

import typer

from bubblescope.cli._common import DataDirOption, OfflineOption, console
from bubblescope.cli.foundation import (
    EvidenceFilesOption,
    LexiconOption,
    OverrideOption,
    TextOption,
    apply_texts,
    load_base,
)
from bubblescope.errors import InputError
from bubblescope.framework.score import parse_override
from bubblescope.report import ReportContext, build_report, write_report


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_cmd(
        episode: str = typer.Argument(None, help="Episode id (default: ai-2023)."),
        out: Path = typer.Option(Path("report"), "--out", help="Output folder (index.html, report.json)."),
        offline: bool = OfflineOption,
        data_dir: Path = DataDirOption,
        evidence: list[Path] = EvidenceFilesOption,
        override: list[str] = OverrideOption,
        text: list[Path] = TextOption,
        lexicon: Path = LexiconOption,
    ) -> None:
        """Write DIR/index.html (opens offline) and DIR/report.json."""
        if data_dir is not None and not data_dir.is_dir():
            raise InputError(f"--data-dir {data_dir}: no such directory")
        base = load_base(evidence)
        ep = base.default_episode() if episode is None else base.episode(episode)
        ovs = tuple(parse_override(o) for o in (override or []))
        base, narratives = apply_texts(base, ep.id, text, lexicon)
        ctx = ReportContext(base=base, episode_id=ep.id, overrides=ovs, data_dir=data_dir, offline=offline,
                            narratives=tuple(narratives))
        page = write_report(build_report(ctx), out)
        console.print(f"wrote {page} and {page.with_name('report.json')}", markup=False, highlight=False)
