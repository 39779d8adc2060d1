"""Time the generator's stages on one project; run by run.py in a fresh process.

    python benchmarks/stages.py PROJECT_DIR [--out DOCS_DIR]

Calls the stage functions in the order generator.pipeline runs them (with the
cycle collector paused, as the pipeline does), writes the pages into DOCS_DIR
(default PROJECT_DIR/docs) and prints one JSON object: per stage the wall and
CPU seconds and the process's peak RSS when the stage ended. A fresh process
per project keeps the peak RSS that of this corpus alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Iterator
from typing import TypeVar
from datetime import date
from pathlib import Path

from generator.diagnostics import Severity
from generator.export import exports
from generator.link import link
from generator.lint import lint
from generator.load import load
from generator.pipeline import collector_paused
from generator.render import plan, render_pages
from generator.settings import read_settings
from generator.siteinfo import SiteInfo
from generator.validate import validate
from generator.write import output_to


T = TypeVar("T")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class _Clock:
    def __init__(self) -> None:
        self.stages: dict[str, dict[str, float]] = {}
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def lap(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.stages[stage] = {
            "seconds": round(wall - self._wall, 4),
            "cpu_seconds": round(cpu - self._cpu, 4),
            "peak_rss_mib": round(peak_rss_mib(), 1),
        }
        self._wall, self._cpu = wall, cpu

    def split(self, first: str, second: str, part: _Accumulator) -> None:
        """Two stages that ran interleaved since the last lap: `part`'s share is `first`'s."""
        self.lap(second)
        both = self.stages.pop(second)
        self.stages[first] = {"seconds": round(part.wall, 4), "cpu_seconds": round(part.cpu, 4), "peak_rss_mib": both["peak_rss_mib"]}
        self.stages[second] = {
            "seconds": round(both["seconds"] - part.wall, 4),
            "cpu_seconds": round(both["cpu_seconds"] - part.cpu, 4),
            "peak_rss_mib": both["peak_rss_mib"],
        }


class _Accumulator:
    """Time spent producing the items of an iterator, however its consumer interleaves."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def timed(self, items: Iterator[T]) -> Iterator[T]:
        while True:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                self.wall += time.perf_counter() - wall
                self.cpu += time.process_time() - cpu
            yield item


def run(project: Path, out: Path) -> dict:
    today = date.today()
    settings = read_settings(project)
    rss_before = peak_rss_mib()
    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    with collector_paused():
        clock = _Clock()
        documents, problems = load(project / "content", root=project)
        clock.lap("load")
        records, invalid = validate(documents, today=today)
        clock.lap("validate")
        catalogue, unresolved = link(records)
        clock.lap("link")
        linted = lint(documents, records, settings, today)
        clock.lap("lint")
        errors = [d for d in [*problems, *invalid, *unresolved, *linted] if d.severity is Severity.ERROR]
        if errors:
            raise SystemExit("the corpus has errors:\n" + "\n".join(map(str, errors[:10])))
        files = len(documents)
        del documents, records  # as in the pipeline, where they go once checking is done
        site = SiteInfo()
        specs = plan(catalogue)
        with output_to(out) as output:
            guide_texts: dict[str, str] = {}  # as the pipeline does: llms-full.txt reuses the guide pages
            exported = exports(catalogue, site, guide_texts=guide_texts)
            clock.lap("export")
            # The pipeline renders each page straight into the output: time the two apart.
            rendering = _Accumulator()
            for path, text in rendering.timed(render_pages(specs, site, guide_texts=guide_texts)):
                output.add(path, text)
            for path in sorted(exported):
                output.add(path, exported[path])
        clock.split("render", "write", rendering)
        report = output.report
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "files": files,
        "guides": len(catalogue.guides),
        "pages": len(specs) + len(exported),
        "written": len(report.written),
        "seconds": round(sum(s["seconds"] for s in clock.stages.values()), 4),
        "cpu_seconds": round(sum(s["cpu_seconds"] for s in clock.stages.values()), 4),
        # System time is mostly the file system creating files: it varies with the disk, not the code.
        "user_seconds": round(usage.ru_utime - usage_before.ru_utime, 4),
        "system_seconds": round(usage.ru_stime - usage_before.ru_stime, 4),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "rss_before_mib": round(rss_before, 1),
        "stages": clock.stages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--out", type=Path, help="docs folder to write (default PROJECT/docs)")
    args = parser.parse_args()
    json.dump(run(args.project, args.out or args.project / "docs"), sys.stdout)


if __name__ == "__main__":
    main()
