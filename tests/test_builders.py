"""The same mkdocs.yml and generated Markdown build with MkDocs, ProperDocs and Zensical.

Each builder builds the shipped content, with one guide renamed (RENAMED_GUIDE), once:
ProperDocs and Zensical with `generator build --builder ...` (what `make build
BUILDER=...` runs), MkDocs in the session's `renamed_site`. The checks read the HTML
a reader gets.
Features that differ between builders are listed in HANDBOOK.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, RENAMED_GUIDE, REPO, built_once, copy_project, parsed, rename_guide
from test_build import resolve

pytestmark = pytest.mark.build

PRODUCT, OLD_ID, NEW_ID = RENAMED_GUIDE
GUIDES = sorted(
    Path(PRODUCT, NEW_ID) if guide == Path(PRODUCT, OLD_ID) else guide
    for guide in (path.relative_to(REPO / "content" / "guides").with_suffix("") for path in (REPO / "content" / "guides").glob("*/*.yaml"))
)
PRODUCTS = sorted(path.stem for path in (REPO / "content" / "products").glob("*.yaml"))


@pytest.fixture(scope="module", params=["mkdocs", "properdocs", "zensical"])
def site(request, tmp_path_factory) -> Path:
    if request.param == "mkdocs":  # built once per session, for the browser tests too
        return request.getfixturevalue("renamed_site")

    def build(folder: Path) -> None:
        project = copy_project(folder)
        rename_guide(project)
        command = [sys.executable, "-m", "generator", "build", "--builder", request.param, "--quiet"]
        result = subprocess.run(command, cwd=project, env=ENV, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr

    return built_once(tmp_path_factory, request.param, build) / "site"  # once per run, under xdist too


def test_every_guide_has_its_page(site):
    missing = [guide.as_posix() for guide in GUIDES if not (site / guide / "index.html").is_file()]

    assert not missing


def test_every_product_hub_links_each_of_its_guides(site):
    for product in PRODUCTS:
        hub = parsed(site / product / "index.html").find("article")
        linked = {link["href"].rstrip("/") for link in hub.select("a[href]")}
        own = {guide.name for guide in GUIDES if guide.parent.name == product}
        assert own <= linked, f"{product} hub misses {sorted(own - linked)}"


def test_every_checklist_link_resolves(site):
    for guide in GUIDES:
        page_url = f"{guide.as_posix()}/"
        page = parsed(site / guide / "index.html")
        links = page.select("li.task-list-item a[href]")
        assert links, f"{page_url} has no checklist links"
        for link in links:
            target_file, fragment = resolve(site, page_url, link["href"])
            assert target_file.is_file(), f"{page_url}: {link['href']} leads nowhere"
            if fragment:
                target = parsed(target_file)
                assert target.find(id=fragment) is not None, f"{page_url}: no #{fragment} in {target_file}"


def test_the_nav_lists_home_vendors_and_indexes_not_every_guide(site):
    page = parsed(site / GUIDES[0] / "index.html")
    nav = page.select_one("nav.md-nav--primary")
    pages = {link["href"].rstrip("/") for link in nav.select("a[href]") if not link["href"].startswith("#")}

    # Home, the error lookup, one hub per vendor, causes, fixes, tags: the page does not grow with the guides.
    assert len(pages) == 2 + len(PRODUCTS) + 3


def test_a_renamed_guides_old_url_sends_readers_to_it(site):
    page = parsed(site / PRODUCT / OLD_ID / "index.html")

    assert page.find("link", rel="canonical")["href"] == f"http://127.0.0.1:8000/{PRODUCT}/{NEW_ID}/"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url=../{NEW_ID}/"


def test_stock_mkdocs_with_material_search_builds_the_same_guide_pages(built_site):
    """The plugin's faster rendering (generator/mkdocs_plugin/render.py) changes no page: stock
    MkDocs + Material, with Material's own search and without the errorguides plugin, builds
    the same Markdown into the same guide pages."""
    import re

    import yaml

    from generator.siteinfo import load_mkdocs_yaml

    project = built_site.parent
    config = load_mkdocs_yaml((project / "mkdocs.yml").read_text())
    config.update(site_dir="site-stock", plugins=["search"])
    (project / "stock.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", "stock.yml"]
    result = subprocess.run(command, cwd=project, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    stock = project / "site-stock"
    article = re.compile(r"<article.*?</article>", re.S)

    # The shipped guides, as built_site has them (GUIDES above are those of the renamed-guide site).
    shipped = sorted(path.relative_to(REPO / "content" / "guides").with_suffix("") for path in (REPO / "content" / "guides").glob("*/*.yaml"))

    def guide_pages(site: Path) -> dict[str, str]:
        return {guide.as_posix(): article.search((site / guide / "index.html").read_text()).group() for guide in shipped if (site / guide / "index.html").is_file()}

    ours, theirs = guide_pages(built_site), guide_pages(stock)
    assert sorted(ours) == sorted(theirs) == [guide.as_posix() for guide in shipped]
    assert [guide for guide in ours if ours[guide] != theirs[guide]] == []
    assert (stock / "search" / "search_index.json").is_file()  # Material's search did run
