"""The benchmark: generator stages, MkDocs builds, site size, one-file edits, other builders.

    python benchmarks/run.py --sizes 100,1000,5000      (or: make bench)

For each size it writes a synthetic project (benchmarks/corpus.py) and measures

- the generator step alone, stage by stage (load, validate, link, lint, render,
  write): wall and CPU seconds, ms per guide, peak RSS (a fresh process);
- `mkdocs build` of the whole project (the errorguides plugin generates the
  pages first, from an empty docs folder) and, side by side in the same run, a
  baseline `mkdocs build` of the same Markdown already written (plugin
  disabled): their ratio is what the generator adds to a build;
- the built site: bytes, files, bytes per guide, one guide page, the Pagefind bundle;
- Pagefind alone on the built site (what `make build` spends on the search index);
- page weight in a real Chromium (benchmarks/pages.py): every request of a cold
  view of home, a hub, a guide, the lookup and the tags page, and of a search for
  a guide's exact message; sitemap.xml, which instant navigation would fetch.

At --edit-size guides it also times a one-file edit (regenerate after saving
one guide; checks that only that page is rewritten and every other file keeps
its bytes and mtime) and the `mkdocs build --dirty` that `mkdocs serve --dirty`
runs on save. At --builders-size it builds with ProperDocs and Zensical too;
at --memory-size it runs the generator alone and reports its peak memory.

The two builds of a pair run at the same time, one per core (--sequential
runs them one after the other); their ratio is measured under the same load.
Prints a table and writes everything as JSON (--json). Progress goes to
stderr on a terminal; --quiet or a non-terminal stderr keeps it silent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import EDITED_GUIDE, edit_one_guide, make_project  # noqa: E402
from pages import measure as page_weight  # noqa: E402

from generator.pipeline import Cache, generate  # noqa: E402
from generator.siteinfo import load_mkdocs_yaml

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
MIB = 1024 * 1024
GIB = 1024 * MIB

# Targets from issue 7.
GENERATOR_MS_PER_GUIDE = 2.0
GENERATOR_SHARE_OF_BUILD = 0.10
DRIFT = 1.3
EDIT_SECONDS = 1.0
MEMORY_MIB = 1024
# Targets from issue 16.
PAGE_VIEW_BYTES = 500 * 1000
PAGE_DRIFT = 1.2
SEARCH_BYTES = 300 * 1000
SEARCH_SHARE_OF_BUILD = 0.05


class Progress:
    """One line per step on a terminal's stderr; nothing otherwise."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(f"[{time.perf_counter() - self.start:6.0f} s] {message}", file=sys.stderr, flush=True)


# --- Running builders ---------------------------------------------------------------


@dataclass
class Job:
    name: str
    command: list[str]
    cwd: Path


def run_jobs(jobs: list[Job], *, parallel: bool) -> dict[str, dict]:
    """Run the jobs (at once, or one after the other); wall, CPU and peak RSS of each."""
    if not parallel:
        return {name: result for job in jobs for name, result in run_jobs([job], parallel=True).items()}
    started, results = {}, {}
    for job in jobs:
        log = (job.cwd / f"{job.name}.log").open("w")
        process = subprocess.Popen(job.command, cwd=job.cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        started[process.pid] = (job, time.perf_counter(), log)
    while started:
        pid, status, usage = os.wait4(-1, 0)
        if pid not in started:
            continue
        job, start, log = started.pop(pid)
        log.close()
        if os.waitstatus_to_exitcode(status) != 0:
            tail = (job.cwd / f"{job.name}.log").read_text().splitlines()[-20:]
            raise SystemExit(f"{' '.join(job.command)} failed in {job.cwd}:\n" + "\n".join(tail))
        results[job.name] = {
            "seconds": round(time.perf_counter() - start, 3),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        }
    return results


def write_config(project: Path, name: str, *, docs: str, site: str, plugin: bool = True) -> str:
    """A copy of the project's mkdocs.yml with its own docs and site folders."""
    config = load_mkdocs_yaml((project / "mkdocs.yml").read_text())  # resolves !ENV as MkDocs does
    config.update(docs_dir=docs, site_dir=site)
    if not plugin:  # neither generate nor index: MkDocs alone
        config["plugins"] = [
            {"errorguides": {**entry["errorguides"], "enabled": False, "search": False}} if isinstance(entry, dict) and "errorguides" in entry else entry
            for entry in config["plugins"]
        ]
    (project / name).write_text(yaml.safe_dump(config, sort_keys=False))
    (project / docs).mkdir(exist_ok=True)
    return name


def mkdocs(config: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", config, *extra]


def stages(project: Path, out: Path | None = None) -> dict:
    command = [sys.executable, str(HERE / "stages.py"), str(project), *(["--out", str(out)] if out else [])]
    result = subprocess.run(command, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the generator failed on {project}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def index_command(site: Path) -> list[str]:
    """generator.search.index_site on `site`, in its own process so its CPU time is measured."""
    code = "import sys; from pathlib import Path; from generator.search import index_site; index_site(Path(sys.argv[1]), quiet=True)"
    return [sys.executable, "-c", code, str(site)]


def exact_message(project: Path) -> str:
    """The first exact message of the guide whose page is measured, as a reader would paste it."""
    guide = yaml.safe_load((project / "content" / "guides" / f"{EDITED_GUIDE}.yaml").read_text())
    return guide["signatures"][0]


# --- Measurements -------------------------------------------------------------------


def fastest_generator_run(project: Path, repeat: int) -> dict:
    """The generator alone, `repeat` times, each in a fresh process into an empty folder;
    the run with the least CPU time, with every run's CPU seconds beside it.

    The machine's noise only ever adds time (other jobs, a busy disk), so the
    fastest run is the best estimate of the generator's own cost.
    """
    runs = []
    for number in range(repeat):
        out = project / ("docs" if number == 0 else f"docs-run-{number}")  # the first is kept for the baseline build
        runs.append(stages(project, out))
        if number:
            shutil.rmtree(out)
    fastest = min(runs, key=lambda run: run["cpu_seconds"])
    return {**fastest, "runs_cpu_seconds": [run["cpu_seconds"] for run in runs]}



def site_stats(site: Path, guides: int, search_index: str | None = "pagefind") -> dict:
    sizes = {path: path.stat().st_size for path in site.rglob("*") if path.is_file()}
    total = sum(sizes.values())
    theme = sum(size for path, size in sizes.items() if path.relative_to(site).parts[0] == "assets")
    guide_pages = [size for path, size in sizes.items() if path.parent.parent.name.startswith("vendor")]
    return {
        "bytes": total,
        "files": len(sizes),
        "theme_bytes": theme,
        "bytes_per_guide": round(total / guides),
        "content_bytes_per_guide": round((total - theme) / guides),
        "median_guide_page_bytes": sorted(guide_pages)[len(guide_pages) // 2] if guide_pages else 0,
        "search_index_bytes": sum(size for path, size in sizes.items() if search_index and path.relative_to(site).parts[0] == search_index),
    }


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
        for path in folder.rglob("*")
        if path.is_file()
    }


def measure_size(size: int, work: Path, args, say: Progress) -> dict:
    project = work / f"guides-{size}"
    say(f"{size} guides: writing the corpus")
    make_project(project, size)
    say(f"{size} guides: generator stages ({args.repeat} runs)")
    generator = fastest_generator_run(project, args.repeat)
    baseline = write_config(project, "mkdocs-baseline.yml", docs="docs", site="site-baseline", plugin=False)
    full = write_config(project, "mkdocs-full.yml", docs="docs-full", site="site-full")
    say(f"{size} guides: mkdocs build, full and baseline")
    builds = run_jobs(
        [Job("mkdocs_full", mkdocs(full), project), Job("mkdocs_baseline", mkdocs(baseline), project)],
        parallel=not args.sequential,
    )
    say(f"{size} guides: Pagefind alone, then page weight in Chromium")
    result = {
        "guides": size,
        "generator": generator,
        "mkdocs": builds,
        "site": site_stats(project / "site-full", size),
        "pagefind": run_jobs([Job("pagefind", index_command(project / "site-full"), project)], parallel=False)["pagefind"],
        "page_weight": page_weight(project / "site-full", EDITED_GUIDE, exact_message(project)),
    }
    if size == args.edit_size:
        say(f"{size} guides: one-file edit")
        result["edit"] = measure_edit(project, full, args)
    if size == args.builders_size:
        say(f"{size} guides: ProperDocs and Zensical")
        result["builders"] = measure_builders(project, size, generator, builds, args)
    if not args.keep:
        shutil.rmtree(project)
    return result


def measure_edit(project: Path, full_config: str, args) -> dict:
    """Save one guide, regenerate: warm (the plugin's cache in `mkdocs serve`) and cold (a new run)."""
    docs = project / "docs-full"  # written by the plugin in the full build, as `mkdocs serve` leaves it
    cache = Cache()
    generate(project / "content", docs, root=project, cache=cache)  # serve's first build fills the cache
    before = snapshot(docs)
    edited = edit_one_guide(project)
    wall, cpu = time.perf_counter(), time.process_time()
    report = generate(project / "content", docs, root=project, cache=cache).report
    warm = {"seconds": round(time.perf_counter() - wall, 3), "cpu_seconds": round(time.process_time() - cpu, 3)}
    after = snapshot(docs)
    # More saves, each a new edit, as an author makes them: the fastest is the estimate (see fastest_generator_run).
    saves = [warm]
    for _ in range(args.repeat - 1):
        edit_one_guide(project)
        wall, cpu = time.perf_counter(), time.process_time()
        generate(project / "content", docs, root=project, cache=cache)
        saves.append({"seconds": round(time.perf_counter() - wall, 3), "cpu_seconds": round(time.process_time() - cpu, 3)})
    warm = {**min(saves, key=lambda save: save["cpu_seconds"]), "saves_cpu_seconds": [save["cpu_seconds"] for save in saves]}
    touched = sorted(path for path in after if after[path] != before.get(path))
    # The guide's page, and the exports that carry its text: its own JSON, the
    # catalogue and llms-full.txt. Nothing else may change.
    expected = sorted([f"{EDITED_GUIDE}.md", f"api/{EDITED_GUIDE}.json", "api/catalogue.json", "llms-full.txt"])
    edit_one_guide(project)
    wall, cpu = time.perf_counter(), time.process_time()
    generate(project / "content", docs, root=project)
    cold = {"seconds": round(time.perf_counter() - wall, 3), "cpu_seconds": round(time.process_time() - cpu, 3)}
    # `mkdocs serve --dirty` rebuilds like this on every save: regenerate, then build changed pages only.
    edit_one_guide(project)
    dirty = run_jobs([Job("mkdocs_dirty", mkdocs(full_config, "--dirty"), project)], parallel=False)["mkdocs_dirty"]
    return {
        "file": edited.relative_to(project).as_posix(),
        "regenerate": warm,
        "regenerate_without_cache": cold,
        "written": report.written,
        "touched_files": touched,
        "only_edited_page_rewritten": touched == expected and sorted(report.written) == expected,
        "unchanged_files_kept_bytes_and_mtime": all(after[p] == before[p] for p in before if p not in expected),
        "mkdocs_dirty_build": dirty,
    }


def measure_builders(project: Path, size: int, generator: dict, builds: dict, args) -> dict:
    properdocs = write_config(project, "properdocs-full.yml", docs="docs-properdocs", site="site-properdocs")
    zensical = write_config(project, "zensical.yml", docs="docs", site="site-zensical")
    runs = run_jobs(
        [
            Job("properdocs", [sys.executable, "-m", "properdocs", "build", "--strict", "--quiet", "-f", properdocs], project),
            Job("zensical", [sys.executable, "-m", "zensical", "build", "--clean", "--strict", "-f", zensical], project),
        ],
        parallel=not args.sequential,
    )
    # Zensical runs no MkDocs plugin: its full build is the generator step, then Zensical.
    runs["zensical"]["build_seconds"] = runs["zensical"]["seconds"]
    runs["zensical"]["seconds"] = round(runs["zensical"]["seconds"] + generator["seconds"], 3)
    runs["zensical"]["cpu_seconds"] = round(runs["zensical"]["cpu_seconds"] + generator["cpu_seconds"], 3)
    runs["mkdocs"] = builds["mkdocs_full"]
    runs["properdocs"]["site"] = site_stats(project / "site-properdocs", size)
    runs["zensical"]["site"] = site_stats(project / "site-zensical", size, None)  # indexed by `generator build`, not here
    return runs


def measure_memory(size: int, work: Path, say: Progress) -> dict:
    project = work / f"guides-{size}"
    say(f"{size} guides: writing the corpus (memory probe)")
    make_project(project, size)
    say(f"{size} guides: generator alone")
    result = stages(project)
    shutil.rmtree(project)
    return {"guides": size, **result}


# --- Report -------------------------------------------------------------------------


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "properdocs", "zensical", "pyyaml", "pydantic", "jinja2"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory / GIB, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average_at_start": os.getloadavg(),
        "versions": versions,
    }


def summarize(results: list[dict], extra: dict) -> dict:
    """Per-guide costs, ratios and the issue's targets."""
    rows = []
    for r in results:
        n, gen, mk = r["guides"], r["generator"], r["mkdocs"]
        rows.append(
            {
                "guides": n,
                "pages": gen["pages"],
                "generator_seconds": gen["seconds"],
                "generator_ms_per_guide": round(1000 * gen["seconds"] / n, 2),
                "generator_cpu_ms_per_guide": round(1000 * gen["cpu_seconds"] / n, 2),
                "generator_user_ms_per_guide": round(1000 * gen["user_seconds"] / n, 2),
                "generator_system_ms_per_guide": round(1000 * gen["system_seconds"] / n, 2),
                "generator_runs_cpu_ms_per_guide": [round(1000 * cpu / n, 2) for cpu in gen["runs_cpu_seconds"]],
                "generator_peak_rss_mib": gen["peak_rss_mib"],
                "mkdocs_full_seconds": mk["mkdocs_full"]["seconds"],
                "mkdocs_baseline_seconds": mk["mkdocs_baseline"]["seconds"],
                "full_over_baseline": round(mk["mkdocs_full"]["seconds"] / mk["mkdocs_baseline"]["seconds"], 3),
                "full_over_baseline_cpu": round(mk["mkdocs_full"]["cpu_seconds"] / mk["mkdocs_baseline"]["cpu_seconds"], 3),
                "generator_share_of_build": round(gen["seconds"] / mk["mkdocs_baseline"]["seconds"], 4),
                "generator_cpu_share_of_build": round(gen["cpu_seconds"] / mk["mkdocs_baseline"]["cpu_seconds"], 4),
                "mkdocs_ms_per_guide": round(1000 * mk["mkdocs_baseline"]["seconds"] / n, 1),
                "mkdocs_cpu_ms_per_guide": round(1000 * mk["mkdocs_baseline"]["cpu_seconds"] / n, 1),
                "mkdocs_full_cpu_seconds": mk["mkdocs_full"]["cpu_seconds"],
                "mkdocs_baseline_cpu_seconds": mk["mkdocs_baseline"]["cpu_seconds"],
                "mkdocs_peak_rss_mib": mk["mkdocs_full"]["peak_rss_mib"],
                "site_mib": round(r["site"]["bytes"] / MIB, 1),
                "site_files": r["site"]["files"],
                "bytes_per_guide": r["site"]["bytes_per_guide"],
                "content_bytes_per_guide": r["site"]["content_bytes_per_guide"],
                "median_guide_page_bytes": r["site"]["median_guide_page_bytes"],
                "search_index_mib": round(r["site"]["search_index_bytes"] / MIB, 2),
                "pagefind_cpu_seconds": r["pagefind"]["cpu_seconds"],
                "pagefind_seconds": r["pagefind"]["seconds"],
                "pagefind_cpu_share_of_build": round(r["pagefind"]["cpu_seconds"] / mk["mkdocs_full"]["cpu_seconds"], 4),
                "pagefind_share_of_build": round(r["pagefind"]["seconds"] / mk["mkdocs_full"]["seconds"], 4),
                "page_bytes": {name: view["bytes"] for name, view in r["page_weight"]["pages"].items()},
                "page_requests": {name: view["requests"] for name, view in r["page_weight"]["pages"].items()},
                "search_bytes": r["page_weight"]["search"]["bytes"],
                "search_requests": r["page_weight"]["search"]["requests"],
                "search_rank": r["page_weight"]["search"]["rank"],
                "sitemap_bytes": r["page_weight"]["sitemap"]["bytes"],
                "sitemap_urls": r["page_weight"]["sitemap"]["urls"],
            }
        )
    small, large = rows[0], rows[-1]
    # Judged on CPU time: on a shared machine wall-clock time measures the neighbours too.
    targets = {
        f"generator <= {GENERATOR_MS_PER_GUIDE} ms/guide at {large['guides']}": large["generator_cpu_ms_per_guide"] <= GENERATOR_MS_PER_GUIDE,
        f"generator <= {GENERATOR_SHARE_OF_BUILD:.0%} of the MkDocs build at {large['guides']}": large["generator_cpu_share_of_build"] <= GENERATOR_SHARE_OF_BUILD,
    }
    drift = {}
    if len(rows) > 1:
        drift = {
            "content_bytes_per_guide": round(large["content_bytes_per_guide"] / small["content_bytes_per_guide"], 3),
            "bytes_per_guide": round(large["bytes_per_guide"] / small["bytes_per_guide"], 3),
            "median_guide_page_bytes": round(large["median_guide_page_bytes"] / small["median_guide_page_bytes"], 3),
            "mkdocs_seconds_per_guide": round(large["mkdocs_ms_per_guide"] / small["mkdocs_ms_per_guide"], 3),
            "mkdocs_cpu_seconds_per_guide": round(large["mkdocs_cpu_ms_per_guide"] / small["mkdocs_cpu_ms_per_guide"], 3),
        }
        span = f"{small['guides']} to {large['guides']}"
        targets[f"site bytes per guide drift <= {DRIFT}x from {span}"] = drift["content_bytes_per_guide"] <= DRIFT
        targets[f"MkDocs seconds per guide drift <= {DRIFT}x from {span}"] = drift["mkdocs_cpu_seconds_per_guide"] <= DRIFT
    # Issue 16: page weight, search, and what indexing adds to a build.
    for name in large["page_bytes"]:
        worst = max(row["page_bytes"][name] for row in rows)
        targets[f"{name}: a cold page view <= {PAGE_VIEW_BYTES // 1000} KB at every size (largest {worst / 1000:.0f} KB)"] = worst <= PAGE_VIEW_BYTES
        if len(rows) > 1:
            ratio = large["page_bytes"][name] / small["page_bytes"][name]
            drift[f"{name}_page_view_bytes"] = round(ratio, 3)
            targets[f"{name}: page view drift <= {PAGE_DRIFT}x from {small['guides']} to {large['guides']} ({ratio:.2f}x)"] = ratio <= PAGE_DRIFT
    targets[f"a search for an exact message fetches <= {SEARCH_BYTES // 1000} KB at {large['guides']} ({large['search_bytes'] / 1000:.0f} KB)"] = large["search_bytes"] <= SEARCH_BYTES
    targets[f"the exact message's guide is in the top 3 at {large['guides']} (rank {large['search_rank']})"] = (large["search_rank"] or 99) <= 3
    targets[f"search indexing <= {SEARCH_SHARE_OF_BUILD:.0%} of the build at {large['guides']} ({large['pagefind_share_of_build']:.1%} wall, {large['pagefind_cpu_share_of_build']:.1%} CPU)"] = large["pagefind_share_of_build"] <= SEARCH_SHARE_OF_BUILD
    edit = extra.get("edit")
    if edit:
        targets["one-file edit regenerates in <= 1 s (mkdocs serve)"] = edit["regenerate"]["cpu_seconds"] <= EDIT_SECONDS
        targets["one-file edit rewrites only the edited page and its exports"] = edit["only_edited_page_rewritten"] and edit["unchanged_files_kept_bytes_and_mtime"]
    memory = extra.get("memory")
    if memory:
        targets[f"generator peak RSS < {MEMORY_MIB} MiB at {memory['guides']}"] = memory["peak_rss_mib"] < MEMORY_MIB
    return {"rows": rows, "drift": drift, "targets": targets}


def print_report(report: dict) -> None:
    rows = report["summary"]["rows"]
    columns = [
        ("guides", "guides"), ("pages", "pages"),
        ("gen ms/guide", "generator_cpu_ms_per_guide"), ("(wall)", "generator_ms_per_guide"), ("gen MiB", "generator_peak_rss_mib"),
        ("mkdocs s", "mkdocs_full_cpu_seconds"), ("baseline s", "mkdocs_baseline_cpu_seconds"),
        ("full/base", "full_over_baseline_cpu"), ("gen/base", "generator_cpu_share_of_build"),
        ("mkdocs ms/guide", "mkdocs_cpu_ms_per_guide"), ("site MiB", "site_mib"), ("files", "site_files"),
        ("B/guide", "bytes_per_guide"), ("B/guide excl. theme", "content_bytes_per_guide"),
        ("guide page B", "median_guide_page_bytes"), ("search MiB", "search_index_mib"),
    ]
    table = [[label for label, _ in columns]] + [[str(row[key]) for _, key in columns] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    for line in table:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths)))
    print("(times are CPU seconds of the process, user + system; wall-clock times are in the JSON)")
    print()
    print("generator, fastest of its runs; CPU ms per guide of every run, and the fastest's user and system time:")
    for row in rows:
        print(
            f"  {row['guides']:>6}: runs {row['generator_runs_cpu_ms_per_guide']}, "
            f"user {row['generator_user_ms_per_guide']}, system {row['generator_system_ms_per_guide']}"
        )
    print("generator stages, CPU ms per guide:")
    for result in report["sizes"]:
        split = ", ".join(f"{name} {1000 * s['cpu_seconds'] / result['guides']:.2f}" for name, s in result["generator"]["stages"].items())
        print(f"  {result['guides']:>6}: {split}")
    print("page weight, a cold view in Chromium (KB, uncompressed; requests):")
    for row in rows:
        views = ", ".join(f"{name} {row['page_bytes'][name] / 1000:.0f} ({row['page_requests'][name]})" for name in row["page_bytes"])
        print(
            f"  {row['guides']:>6}: {views}; search {row['search_bytes'] / 1000:.0f} ({row['search_requests']}, rank {row['search_rank']}); "
            f"sitemap.xml {row['sitemap_bytes'] / 1000:.0f} KB for {row['sitemap_urls']} URLs; "
            f"Pagefind {row['pagefind_seconds']} s ({row['pagefind_cpu_seconds']} s CPU), {row['pagefind_share_of_build']:.1%} of the build"
        )
    if report["summary"]["drift"]:
        print("drift from smallest to largest:", ", ".join(f"{k} {v}x" for k, v in report["summary"]["drift"].items()))
    for result in report["sizes"]:
        if "edit" in result:
            e = result["edit"]
            print(
                f"one-file edit at {result['guides']}: regenerate {e['regenerate']['cpu_seconds']} s with the serve cache, "
                f"{e['regenerate_without_cache']['cpu_seconds']} s without; rewrote {e['touched_files']}, "
                f"others kept bytes and mtime: {e['unchanged_files_kept_bytes_and_mtime']}; "
                f"mkdocs build --dirty {e['mkdocs_dirty_build']['cpu_seconds']} s"
            )
        if "builders" in result:
            b = result["builders"]
            print(
                f"full builds at {result['guides']}: MkDocs {b['mkdocs']['cpu_seconds']} s, ProperDocs {b['properdocs']['cpu_seconds']} s, "
                f"Zensical {b['zensical']['cpu_seconds']} s (generator + Zensical; wall {b['zensical']['seconds']} s)"
            )
    if report.get("memory"):
        m = report["memory"]
        print(f"generator alone at {m['guides']}: {m['cpu_seconds']} s, peak RSS {m['peak_rss_mib']} MiB")
    print("targets:")
    for target, met in report["summary"]["targets"].items():
        print(f"  [{'x' if met else ' '}] {target}")


def page_markdown(report: dict) -> str:
    """The README's page-weight table: KB and requests of a cold page view, per page type and size."""
    rows = report["summary"]["rows"]
    names = list(rows[0]["page_bytes"])
    lines = [
        "| Guides | " + " | ".join(names) + " | search for an exact message | sitemap.xml | Pagefind / build |",
        "| ---: | " + " | ".join("---:" for _ in names) + " | ---: | ---: | ---: |",
    ]
    for row in rows:
        views = " | ".join(f"{row['page_bytes'][name] / 1000:.0f} KB ({row['page_requests'][name]})" for name in names)
        lines.append(
            f"| {row['guides']:,} | {views} | {row['search_bytes'] / 1000:.0f} KB ({row['search_requests']}), rank {row['search_rank']} "
            f"| {row['sitemap_bytes'] / 1000:.0f} KB, {row['sitemap_urls']:,} URLs | {row['pagefind_share_of_build']:.1%} |"
        )
    return "\n".join(lines)


def markdown(report: dict) -> str:
    """The README's results table: per-guide costs and ratios, from a results JSON."""
    rows = report["summary"]["rows"]
    lines = [
        "| Guides | Pages | Generator, ms/guide | Generator peak RSS | MkDocs, ms/guide | Full build / baseline | Generator / MkDocs build | Site, KiB/guide | Guide page, KiB | Pagefind bundle, KiB/guide |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        n = row["guides"]
        lines.append(
            f"| {n:,} | {row['pages']:,} | {row['generator_cpu_ms_per_guide']:.2f} | {row['generator_peak_rss_mib']:.0f} MiB "
            f"| {row['mkdocs_cpu_ms_per_guide']:.0f} | {row['full_over_baseline_cpu']:.2f} | {row['generator_cpu_share_of_build']:.1%} "
            f"| {row['bytes_per_guide'] / 1024:.0f} | {row['median_guide_page_bytes'] / 1024:.0f} "
            f"| {row['search_index_mib'] * 1024 / n:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the generator and the builders.")
    parser.add_argument("--sizes", default="100,1000,5000", help="guide counts, comma-separated (default: %(default)s)")
    parser.add_argument("--edit-size", type=int, default=1000, help="size to time a one-file edit at (default: %(default)s)")
    parser.add_argument("--builders-size", type=int, default=1000, help="size to build with ProperDocs and Zensical at; 0 skips")
    parser.add_argument("--memory-size", type=int, default=10000, help="size for the generator-only memory probe; 0 skips")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write the results (default: %(default)s)")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="scratch folder for the projects")
    parser.add_argument("--keep", action="store_true", help="keep each size's project and sites in the scratch folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the generator (and edits) per size; the fastest counts (default: %(default)s)")
    parser.add_argument("--sequential", action="store_true", help="run the builds of a pair one after the other")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--markdown", type=Path, metavar="JSON", help="print the README table of a results file and exit")
    args = parser.parse_args()
    if args.markdown:
        report = json.loads(args.markdown.read_text())
        print(markdown(report) + "\n\n" + page_markdown(report))
        return
    sizes = sorted(int(size) for size in args.sizes.split(","))
    say = Progress(args.quiet)
    started = time.perf_counter()
    args.work.mkdir(parents=True, exist_ok=True)
    report = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "parallel_pairs": not args.sequential,
        "sizes": [measure_size(size, args.work, args, say) for size in sizes],
        "memory": measure_memory(args.memory_size, args.work, say) if args.memory_size else None,
    }
    extra = {"edit": next((r["edit"] for r in report["sizes"] if "edit" in r), None), "memory": report["memory"]}
    report["summary"] = summarize(report["sizes"], extra)
    report["machine"]["load_average_at_end"] = os.getloadavg()
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    report["total_cpu_seconds"] = round(sum(u.ru_utime + u.ru_stime for u in used), 1)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1) + "\n")
    print_report(report)
    print(f"\n{report['total_seconds']} s in all ({report['total_cpu_seconds']} s of CPU); results in {args.json}")


if __name__ == "__main__":
    main()
