"""The benchmark: stock MkDocs against ours, lever by lever; the edit loop; explain; page weight.

    python benchmarks/run.py --sizes 1000,5000      (or: make bench)

For each size it writes a synthetic project (benchmarks/corpus.py) and measures

- the generator step alone, stage by stage (load, validate, link, lint, export,
  render, write): CPU seconds, ms per guide, peak RSS (a fresh process each run);
- side by side, one per core: **stock** MkDocs + Material (Material's built-in
  search, the same Markdown and extensions, no errorguides plugin) and **ours**
  (`mkdocs build` of the project as shipped: the plugin generates from an empty
  docs folder, renders with its levers, and Pagefind indexes the site). The
  ratio ours/stock is the issue's target; both sites must have the same guide
  pages (their articles are compared);
- at --levers-size, the levers one at a time (each a build of the same Markdown,
  in pairs side by side): Material's search off; Pagefind instead; each distinct
  code block highlighted once; one Markdown instance per build;
- the built site's size, Pagefind alone, page weight in Chromium (benchmarks/pages.py);
- at --edit-size, the edit loop in a browser (benchmarks/editloop.py: `mkdocs
  serve --dirty` as `make serve` runs it, Chromium open on a guide, from the
  write to the new text on screen; a broken save until the banner shows), and
  the same on the shipped content; the generator's share of a save;
- at the largest size, `python -m generator explain` (a first run that builds its
  index, then runs that find it).

Times are CPU seconds of the process and its children, except the edit loop and
explain, which are what a maintainer waits for (wall clock). Prints a table and
writes everything as JSON (--json). Progress goes to stderr on a terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
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
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import EDITED_GUIDE, edit_one_guide, make_project  # noqa: E402
from editloop import measure as edit_loop  # noqa: E402
from pages import measure as page_weight  # noqa: E402

from generator.pipeline import Cache, generate  # noqa: E402
from generator.siteinfo import load_mkdocs_yaml

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
MIB = 1024 * 1024
GIB = 1024 * MIB

# Targets from issue 7.
DRIFT = 1.3
MEMORY_MIB = 1024
# Targets from issue 17.
OURS_OVER_STOCK = 0.6
GENERATOR_SHARE_OF_BUILD = 0.05
EDIT_LOOP_SECONDS = 2.0
EXPLAIN_SECONDS = 0.5
SHIPPED_GUIDE = "deepseek/invalid-api-key"
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


def write_config(project: Path, name: str, *, docs: str, site: str, plugins: list | None = None) -> str:
    """A copy of the project's mkdocs.yml with its own docs and site folders (and plugins, if given)."""
    config = load_mkdocs_yaml((project / "mkdocs.yml").read_text())  # resolves !ENV as MkDocs does
    config.update(docs_dir=docs, site_dir=site)
    if plugins is not None:
        config["plugins"] = plugins
    (project / name).write_text(yaml.safe_dump(config, sort_keys=False))
    (project / docs).mkdir(exist_ok=True)
    return name


STOCK = ["search"]
"""Stock MkDocs + Material: Material's own search, no errorguides plugin."""


def levers(*, search: bool = False, highlight_cache: bool = False, one_markdown: bool = False) -> list:
    """The plugin rendering the Markdown already written (no generation), with the levers given."""
    options = {"enabled": False, "search": search, "highlight_cache": highlight_cache, "one_markdown": one_markdown}
    return [{"errorguides": options}, {"search": {"enabled": False}}]


LEVERS = [
    ("search off", levers()),
    ("Pagefind instead", levers(search=True)),
    ("+ highlight once", levers(search=True, highlight_cache=True)),
    ("+ one Markdown", levers(search=True, highlight_cache=True, one_markdown=True)),
]
"""Each lever added to the one before, measured as a build of the same Markdown."""


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
    stock = write_config(project, "mkdocs-stock.yml", docs="docs", site="site-stock", plugins=STOCK)
    ours = write_config(project, "mkdocs-ours.yml", docs="docs-ours", site="site-ours")
    say(f"{size} guides: stock MkDocs and ours, side by side")
    builds = run_jobs([Job("stock", mkdocs(stock), project), Job("ours", mkdocs(ours), project)], parallel=not args.sequential)
    result = {
        "guides": size,
        "generator": generator,
        "builds": builds,
        "same_guide_pages": same_guide_pages(project / "site-stock", project / "site-ours"),
        "site": site_stats(project / "site-ours", size),
    }
    say(f"{size} guides: Pagefind alone, then page weight in Chromium")
    result["pagefind"] = run_jobs([Job("pagefind", index_command(project / "site-ours"), project)], parallel=False)["pagefind"]
    if args.page_weight:
        result["page_weight"] = page_weight(project / "site-ours", EDITED_GUIDE, exact_message(project))
    if size == args.levers_size:
        say(f"{size} guides: the levers one by one")
        result["levers"] = measure_levers(project, args)
    if size == args.edit_size:
        say(f"{size} guides: the edit loop in Chromium")
        result["edit"] = measure_edit(project, args)
    if size == max(args.sizes):
        say(f"{size} guides: explain")
        result["explain"] = measure_explain(project)
    if size == args.builders_size:
        say(f"{size} guides: ProperDocs and Zensical")
        result["builders"] = measure_builders(project, size, generator, builds, args)
    if not args.keep:
        shutil.rmtree(project)
    return result


def same_guide_pages(stock: Path, ours: Path) -> dict:
    """Both sites have the same guide pages, with the same article."""
    article = re.compile(r"<article.*?</article>", re.S)

    def pages(site: Path) -> dict[str, str]:
        return {
            path.relative_to(site).as_posix(): article.search(path.read_text()).group()
            for path in site.glob("vendor*/*/index.html")
        }

    theirs, mine = pages(stock), pages(ours)
    differing = sorted(path for path in theirs.keys() & mine.keys() if theirs[path] != mine[path])
    return {"stock": len(theirs), "ours": len(mine), "same_set": theirs.keys() == mine.keys(), "articles_differing": differing[:10], "same": theirs.keys() == mine.keys() and not differing}


def measure_levers(project: Path, args) -> dict:
    """Each lever added to the previous one, as a build of the Markdown already in docs/, two at a time."""
    jobs = []
    for number, (name, plugins) in enumerate(LEVERS):
        config = write_config(project, f"mkdocs-lever-{number}.yml", docs="docs", site=f"site-lever-{number}", plugins=plugins)
        jobs.append(Job(name, mkdocs(config), project))
    results = {}
    for pair in range(0, len(jobs), 2):
        results.update(run_jobs(jobs[pair : pair + 2], parallel=not args.sequential))
    return {name: results[name] for name, _ in LEVERS}


def measure_edit(project: Path, args) -> dict:
    """The edit loop in Chromium at this size and on the shipped content; the generator's part of a save."""
    loop = edit_loop(project, EDITED_GUIDE, saves=args.repeat)
    shipped = project.parent / "shipped"
    if shipped.exists():
        shutil.rmtree(shipped)
    shipped.mkdir()
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, shipped / name)
    for name in ("content", "overrides"):
        shutil.copytree(REPO / name, shipped / name)
    (shipped / "docs").mkdir()
    shipped_loop = edit_loop(shipped, SHIPPED_GUIDE, saves=args.repeat)
    shipped_loop["guides"] = len(list((shipped / "content" / "guides").glob("*/*.yaml")))
    shutil.rmtree(shipped)
    # The generator's share of a save: regenerate with the serve cache, as the plugin does.
    docs = project / "docs-ours"
    cache = Cache()
    generate(project / "content", docs, root=project, cache=cache)
    saves = []
    for _ in range(args.repeat):
        edit_one_guide(project)
        wall, cpu = time.perf_counter(), time.process_time()
        generate(project / "content", docs, root=project, cache=cache)
        saves.append({"seconds": round(time.perf_counter() - wall, 3), "cpu_seconds": round(time.process_time() - cpu, 3)})
    return {"browser": loop, "shipped": shipped_loop, "regenerate": min(saves, key=lambda save: save["cpu_seconds"])}


def measure_explain(project: Path, runs: int = 3) -> dict:
    """`python -m generator explain` on a guide's exact message: the first run builds the index, the others find it."""
    command = [sys.executable, "-m", "generator", "explain", exact_message(project)]
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=project, env=ENV, capture_output=True, text=True)
        times.append(round(time.perf_counter() - started, 3))
        if result.returncode != 0:
            raise SystemExit(f"explain failed in {project}:\n{result.stderr[-2000:]}")
    return {"first_seconds": times[0], "cached_seconds": times[1:], "fastest_seconds": min(times[1:]), "slowest_seconds": max(times[1:]), "answer": result.stdout.splitlines()[0]}


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
    runs["mkdocs"] = builds["ours"]
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
    """Per-size ratios and costs, the levers, and the issues' targets."""
    rows = []
    for r in results:
        n, gen, builds = r["guides"], r["generator"], r["builds"]
        stock, ours = builds["stock"]["cpu_seconds"], builds["ours"]["cpu_seconds"]
        pagefind = r["pagefind"]["cpu_seconds"]
        row = {
            "guides": n,
            "pages": gen["pages"],
            "stock_cpu_seconds": stock,
            "ours_cpu_seconds": ours,
            "ours_over_stock": round(ours / stock, 3),
            "stock_seconds": builds["stock"]["seconds"],
            "ours_seconds": builds["ours"]["seconds"],
            "ours_over_stock_wall": round(builds["ours"]["seconds"] / builds["stock"]["seconds"], 3),
            "generator_cpu_seconds": gen["cpu_seconds"],
            "generator_cpu_ms_per_guide": round(1000 * gen["cpu_seconds"] / n, 2),
            "generator_runs_cpu_ms_per_guide": [round(1000 * cpu / n, 2) for cpu in gen["runs_cpu_seconds"]],
            "generator_peak_rss_mib": gen["peak_rss_mib"],
            "generator_share_of_ours": round(gen["cpu_seconds"] / ours, 4),
            "pagefind_cpu_seconds": pagefind,
            "pagefind_share_of_ours": round(pagefind / ours, 4),
            "mkdocs_share_of_ours": round(max(ours - gen["cpu_seconds"] - pagefind, 0) / ours, 4),
            "same_guide_pages": r["same_guide_pages"]["same"],
            "site_mib": round(r["site"]["bytes"] / MIB, 1),
            "site_files": r["site"]["files"],
            "median_guide_page_bytes": r["site"]["median_guide_page_bytes"],
            "search_index_mib": round(r["site"]["search_index_bytes"] / MIB, 2),
        }
        if "page_weight" in r:
            row["page_bytes"] = {name: view["bytes"] for name, view in r["page_weight"]["pages"].items()}
            row["page_requests"] = {name: view["requests"] for name, view in r["page_weight"]["pages"].items()}
            row["search_bytes"] = r["page_weight"]["search"]["bytes"]
            row["search_rank"] = r["page_weight"]["search"]["rank"]
        if "levers" in r:
            row["levers"] = {name: {"cpu_seconds": b["cpu_seconds"], "over_stock": round(b["cpu_seconds"] / stock, 3)} for name, b in r["levers"].items()}
        rows.append(row)
    targets = {}
    for row in rows:
        n = f"{row['guides']:,}"
        targets[f"ours <= {OURS_OVER_STOCK} x stock MkDocs + Material at {n} guides ({row['ours_over_stock']:.2f}; wall {row['ours_over_stock_wall']:.2f})"] = row["ours_over_stock"] <= OURS_OVER_STOCK
        targets[f"the same guide pages as stock at {n} guides"] = row["same_guide_pages"]
        targets[f"generator <= {GENERATOR_SHARE_OF_BUILD:.0%} of our build at {n} guides ({row['generator_share_of_ours']:.1%})"] = row["generator_share_of_ours"] <= GENERATOR_SHARE_OF_BUILD
    edit = extra.get("edit")
    if edit:
        slowest = max(edit["browser"]["slowest_save_seconds"], edit["browser"]["broken_save_seconds"])
        targets[f"a save shows in the browser in <= {EDIT_LOOP_SECONDS} s at {edit['guides']:,} guides (slowest {slowest} s, broken saves included)"] = slowest <= EDIT_LOOP_SECONDS
    explain = extra.get("explain")
    if explain:
        targets[f"explain answers in <= {EXPLAIN_SECONDS} s at {explain['guides']:,} guides (slowest of the cached runs {explain['slowest_seconds']} s)"] = explain["slowest_seconds"] <= EXPLAIN_SECONDS
    memory = extra.get("memory")
    if memory:
        targets[f"generator peak RSS < {MEMORY_MIB} MiB at {memory['guides']}"] = memory["peak_rss_mib"] < MEMORY_MIB
    return {"rows": rows, "targets": targets}


def print_report(report: dict) -> None:
    rows = report["summary"]["rows"]
    columns = [
        ("guides", "guides"), ("pages", "pages"), ("stock s", "stock_cpu_seconds"), ("ours s", "ours_cpu_seconds"),
        ("ours/stock", "ours_over_stock"), ("(wall)", "ours_over_stock_wall"), ("same pages", "same_guide_pages"),
        ("gen ms/guide", "generator_cpu_ms_per_guide"), ("gen MiB", "generator_peak_rss_mib"),
        ("site MiB", "site_mib"), ("guide page B", "median_guide_page_bytes"), ("Pagefind MiB", "search_index_mib"),
    ]
    table = [[label for label, _ in columns]] + [[str(row[key]) for _, key in columns] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    for line in table:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths)))
    print("(CPU seconds of each build and its children, stock and ours side by side, one per core; wall-clock ratio in brackets)")
    print()
    print("our build, split (CPU): generator + MkDocs rendering + Pagefind")
    for row in rows:
        print(
            f"  {row['guides']:>6}: generator {row['generator_share_of_ours']:.1%} ({row['generator_cpu_seconds']} s), "
            f"MkDocs {row['mkdocs_share_of_ours']:.1%}, Pagefind {row['pagefind_share_of_ours']:.1%} ({row['pagefind_cpu_seconds']} s)"
        )
    print("generator stages, CPU ms per guide (fastest of its runs):")
    for result in report["sizes"]:
        split = ", ".join(f"{name} {1000 * s['cpu_seconds'] / result['guides']:.2f}" for name, s in result["generator"]["stages"].items())
        print(f"  {result['guides']:>6}: {split}")
    for row in rows:
        if "levers" in row:
            print(f"levers at {row['guides']:,} guides, each added to the ones above (CPU s, and over stock {row['stock_cpu_seconds']} s):")
            print(f"  {'stock MkDocs + Material search':34} {row['stock_cpu_seconds']:>8}   1.00")
            for name, lever in row["levers"].items():
                print(f"  {name:34} {lever['cpu_seconds']:>8}   {lever['over_stock']:.2f}")
            print(f"  {'+ generator (ours, full build)':34} {row['ours_cpu_seconds']:>8}   {row['ours_over_stock']:.2f}")
        if "page_bytes" in row:
            views = ", ".join(f"{name} {row['page_bytes'][name] / 1000:.0f} KB ({row['page_requests'][name]})" for name in row["page_bytes"])
            print(f"page weight at {row['guides']:,}: {views}; search {row['search_bytes'] / 1000:.0f} KB, rank {row['search_rank']}")
    for result in report["sizes"]:
        if "edit" in result:
            for label, loop in (("synthetic", result["edit"]["browser"]), ("shipped", result["edit"]["shipped"])):
                guides = loop.get("guides", result["guides"])
                print(
                    f"edit loop in Chromium, {label} content, {guides:,} guides: saves {loop['saves']} s, broken save {loop['broken_save_seconds']} s, "
                    f"fixed {loop['fixed_save_seconds']} s (serve's first build {loop['first_build_seconds']} s)"
                )
            print(f"  the generator's part of a save at {result['guides']:,}: {result['edit']['regenerate']['seconds']} s ({result['edit']['regenerate']['cpu_seconds']} s CPU)")
        if "explain" in result:
            e = result["explain"]
            print(f"explain at {result['guides']:,} guides: first run {e['first_seconds']} s (builds its index), then {e['cached_seconds']} s")
        if "builders" in result:
            b = result["builders"]
            print(f"full builds at {result['guides']}: MkDocs {b['mkdocs']['cpu_seconds']} s, ProperDocs {b['properdocs']['cpu_seconds']} s, Zensical {b['zensical']['cpu_seconds']} s")
    if report.get("memory"):
        m = report["memory"]
        print(f"generator alone at {m['guides']}: {m['cpu_seconds']} s, peak RSS {m['peak_rss_mib']} MiB")
    print("targets:")
    for target, met in report["summary"]["targets"].items():
        print(f"  [{'x' if met else ' '}] {target}")


def markdown(report: dict) -> str:
    """The README's tables, from a results JSON."""
    rows = report["summary"]["rows"]
    lines = [
        "| Guides | Pages | Stock MkDocs + Material, CPU s | Ours, CPU s | Ours / stock | (wall) | Generator / ours | Pagefind / ours | Same guide pages |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['guides']:,} | {row['pages']:,} | {row['stock_cpu_seconds']:.1f} | {row['ours_cpu_seconds']:.1f} | **{row['ours_over_stock']:.2f}** "
            f"| {row['ours_over_stock_wall']:.2f} | {row['generator_share_of_ours']:.1%} | {row['pagefind_share_of_ours']:.1%} | {'yes' if row['same_guide_pages'] else 'no'} |"
        )
    for row in rows:
        if "levers" in row:
            lines += ["", f"| Lever, at {row['guides']:,} guides (each added to those above) | CPU s | / stock |", "| --- | ---: | ---: |"]
            lines.append(f"| stock MkDocs + Material (built-in search) | {row['stock_cpu_seconds']:.1f} | 1.00 |")
            lines += [f"| {name} | {lever['cpu_seconds']:.1f} | {lever['over_stock']:.2f} |" for name, lever in row["levers"].items()]
            lines.append(f"| + the generator: ours, a full build | {row['ours_cpu_seconds']:.1f} | {row['ours_over_stock']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the generator and the builders.")
    parser.add_argument("--sizes", default="1000,5000", help="guide counts, comma-separated (default: %(default)s)")
    parser.add_argument("--edit-size", type=int, default=1000, help="size to time the edit loop at (default: %(default)s)")
    parser.add_argument("--levers-size", type=int, default=1000, help="size to measure the levers one by one at (default: %(default)s)")
    parser.add_argument("--builders-size", type=int, default=0, help="size to build with ProperDocs and Zensical at; 0 (default) skips")
    parser.add_argument("--memory-size", type=int, default=0, help="size for the generator-only memory probe; 0 (default) skips")
    parser.add_argument("--no-page-weight", dest="page_weight", action="store_false", help="skip page weight in Chromium")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write the results (default: %(default)s)")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="scratch folder for the projects")
    parser.add_argument("--keep", action="store_true", help="keep each size's project and sites in the scratch folder")
    parser.add_argument("--repeat", type=int, default=2, help="runs of the generator (and saves) per size; the fastest counts (default: %(default)s)")
    parser.add_argument("--sequential", action="store_true", help="run the builds of a pair one after the other")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--markdown", type=Path, metavar="JSON", help="print the README table of a results file and exit")
    args = parser.parse_args()
    if args.markdown:
        report = json.loads(args.markdown.read_text())
        print(markdown(report))
        return
    sizes = args.sizes = sorted(int(size) for size in args.sizes.split(","))
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
    extra = {
        "edit": next(({**r["edit"], "guides": r["guides"]} for r in report["sizes"] if "edit" in r), None),
        "explain": next(({**r["explain"], "guides": r["guides"]} for r in report["sizes"] if "explain" in r), None),
        "memory": report["memory"],
    }
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
