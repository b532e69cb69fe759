"""Accessibility checks with axe-core, installed from npm by `make e2e`."""

from functools import cache
from pathlib import Path

AXE_CORE = Path(__file__).parent / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")

RUN_AXE = """
axe.run(document, {resultTypes: ["violations"]}).then(results => results.violations.map(
    v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" "))})
))
"""

# With scripting disabled, the parser reads <noscript> content as markup.
SCRIPTING_IS_DISABLED = """() => {
    const probe = document.createElement("div");
    probe.innerHTML = "<noscript><i></i></noscript>";
    return probe.querySelector("i") !== null;
}"""


@cache
def axe_source():
    """Return axe-core's script."""
    return AXE_CORE.read_text(encoding="utf-8")


def assert_accessible(page):
    """Fail listing every serious or critical axe-core violation on the page."""
    violations = [v for v in find_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not violations, describe_violations(page.url, violations)


def scripting_is_disabled(page):
    """Tell whether JavaScript is off in the page."""
    return page.evaluate(SCRIPTING_IS_DISABLED)


def find_violations(page):
    """Run axe-core on the page, or on a copy of it when the page runs no script."""
    if scripting_is_disabled(page):
        return find_violations_in_copy(page)
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
        # does not govern: the page under test keeps its real policy.
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE)


def find_violations_in_copy(page):
    """Run axe-core on the page's markup, shown again at its address in a scripted page.

    axe-core needs timers, which never fire where JavaScript is disabled.
    """
    url, markup = page.url, page.content()
    copy = page_for_copies(page.context.browser)

    def is_original(address):
        return address == url

    def serve_markup(route):
        route.fulfill(body=markup, content_type="text/html; charset=utf-8")

    copy.route(is_original, serve_markup)
    try:
        copy.goto(url)
        return find_violations(copy)
    finally:
        copy.unroute(is_original, serve_markup)


@cache
def page_for_copies(browser):
    """A page with JavaScript, kept for the whole run, to audit copies of pages without it."""
    return browser.new_context().new_page()


def describe_violations(url, violations):
    """List violations one per line, with the elements concerned."""
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {target}" for target in violation["targets"])
    return "\n".join(lines)
