"""`bubblescope dashboard`: the local what-if web app (Streamlit, 127.0.0.1 only)."""

from __future__ import annotations

from pathlib import Path

import typer

from bubblescope.cli._common import console


def register(app: typer.Typer) -> None:
    @app.command("dashboard")
    def dashboard(
        port: int = typer.Option(8501, "--port", help="Port on 127.0.0.1 (1-65535)."),
        evidence_dir: Path = typer.Option(
            None, "--evidence-dir",
            help="Folder of your own evidence, capex-scenario or stress-scenario YAML files (optional)."),
        data_dir: Path = typer.Option(
            None, "--data-dir", file_okay=False,
            help="Folder of local market CSV data (e.g. ../shared/data) for the market diagnostics tab."),
        no_browser: bool = typer.Option(False, "--no-browser", help="Do not open a web browser."),
    ) -> None:
        """Start the what-if dashboard: move assumptions, see the gaps, stress and score update."""
        from bubblescope.dashboard.data import load_dashboard_data
        from bubblescope.dashboard.launch import HOST, check_port, serve
        from bubblescope.errors import InputError

        check_port(port)
        if data_dir is not None and not data_dir.is_dir():
            raise InputError(f"--data-dir {data_dir}: no such folder")
        data = load_dashboard_data(evidence_dir)  # bad folders and files fail here, before the server starts
        for note in data.ignored:
            console.print(f"ignored {note}", markup=False, highlight=False)
        console.print(f"bubblescope dashboard on http://{HOST}:{port} (Ctrl-C to stop)", markup=False,
                      highlight=False)
        raise typer.Exit(serve(port, evidence_dir, open_browser=not no_browser, data_dir=data_dir))
