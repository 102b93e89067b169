"""CLI start-up: wall time of `bubblescope --help` and `bubblescope COMMAND --help` (best and median of
N runs, the variants interleaved) and the slowest bubblescope imports of `import bubblescope.cli`
(``python -X importtime``, with ``--help``). Figures go to BENCHMARKS.md ("CLI start-up") by hand.

    python benchmarks/cli_startup.py [--runs 5] [--commands psy,backtest] [--before SRC] [--only M1,M2 [--only-cut]]

--before SRC   also time the package under SRC (e.g. an older commit's ``src/`` from ``git archive``),
               interleaved with this one.
--only M1,M2   also time the CLI with only these command modules registered (the real cli/__init__.py,
               _common and _register of each tree): the start-up cost of the machinery plus those modules.
--only-cut     time only the cut-down variants.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

_RUN = "import sys\nfrom bubblescope.cli import main\nmain(sys.argv[1:])\n"
# Builds bubblescope.cli without running its __init__ first, so _register's list can be cut down.
_RUN_ONLY = """
import pathlib, sys, types
import bubblescope
here = pathlib.Path(bubblescope.__file__).parent / "cli"
pkg = types.ModuleType("bubblescope.cli")
pkg.__path__, pkg.__file__ = [str(here)], str(here / "__init__.py")
sys.modules["bubblescope.cli"] = pkg
from bubblescope.cli import _register
_register.COMMAND_MODULES = tuple({only!r})
exec(compile((here / "__init__.py").read_text(), pkg.__file__, "exec"), pkg.__dict__)
pkg.main(sys.argv[1:])
"""


def _env(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src)}


def _variants(args: argparse.Namespace) -> dict[str, tuple[str, Path]]:
    trees = {"before": Path(args.before)} if args.before else {}
    trees["this tree"] = SRC
    out: dict[str, tuple[str, Path]] = {}
    for label, src in trees.items():
        if not args.only_cut:
            out[label] = (_RUN, src)
        if args.only:
            out[f"{label}, only {args.only}"] = (_RUN_ONLY.format(only=args.only.split(",")), src)
    return out


def time_help(args: argparse.Namespace) -> None:
    cases = [[], *([c, "--help"] for c in args.commands.split(","))]
    cases = [[*c] if c else ["--help"] for c in cases]
    variants = _variants(args)
    times: dict[tuple[str, str], list[float]] = {}
    print(f"load average {os.getloadavg()[0]:.1f}; python {sys.version.split()[0]}; {args.runs} runs")
    for _ in range(args.runs):
        for case in cases:
            for name, (code, src) in variants.items():
                t = time.perf_counter()
                subprocess.run([sys.executable, "-c", code, *case], env=_env(src), check=True,
                               stdout=subprocess.DEVNULL)
                times[(name, " ".join(case))] = [*times.get((name, " ".join(case)), []), time.perf_counter() - t]
    print("| variant | command | best s | median s |\n|---|---|---:|---:|")
    for (name, case), ts in times.items():
        print(f"| {name} | `bubblescope {case}` | {min(ts):.2f} | {statistics.median(ts):.2f} |")
    print(f"load average {os.getloadavg()[0]:.1f}")


def top_imports(code: str, src: Path, label: str, n: int = 8) -> None:
    """The slowest bubblescope modules, or (``--only``) the slowest top-level imports, by cumulative time."""
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", code, "--help"], env=_env(src),
                         capture_output=True, text=True, check=True).stderr
    rows = []
    for line in err.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        name, top_level = parts[2].strip(), not parts[2].startswith("  ")
        if name.startswith("bubblescope") if code == _RUN else top_level:
            rows.append((int(parts[1]), int(parts[0]), name))
    print(f"\n{label}: slowest imports (cumulative ms, self ms) of `bubblescope --help`")
    for cum, own, name in sorted(rows, reverse=True)[:n]:
        print(f"  {cum / 1e3:8.0f} {own / 1e3:6.0f}  {name}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--commands", default="psy,backtest")
    p.add_argument("--before", help="src/ folder of the tree to compare with")
    p.add_argument("--only", help="comma-separated command modules for the cut-down variant")
    p.add_argument("--only-cut", action="store_true", help="time the cut-down variants alone")
    args = p.parse_args()
    time_help(args)
    for name, (code, src) in _variants(args).items():
        top_imports(code, src, name)


if __name__ == "__main__":
    main()
