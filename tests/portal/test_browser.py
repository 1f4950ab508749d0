"""The reference portal (examples/portal) in headless Chromium, with selenium:
one page load, a valid submission accepted, then an empty required field, a
too-long text and a bad phone shown next to their fields in Chinese, no
console errors, and a screenshot kept in ``out/portal/``.

Needs node (the page is built with esbuild from the npm packages that
``.ci/run`` installs), Flask and selenium (the ``test`` extra), Chromium and
chromedriver (Debian ``chromium``, ``chromium-driver``).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from reform_brand import Edition, Host, page_schema
from reform_brand.testing import SubmissionFactory
from tests.portal._node import PORTAL, REPO, require_node

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
ARTEFACTS = REPO / "out" / "portal"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="Chromium and chromedriver are not installed (Debian: chromium chromium-driver)",
)


def _load_app() -> ModuleType:
    spec = importlib.util.spec_from_file_location("portal_app", PORTAL / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build_page() -> None:
    """Build static/page.js with esbuild when it is missing or older than
    its sources (``.ci/run`` builds it beforehand)."""
    require_node()
    bundle = PORTAL / "static" / "page.js"
    sources = [*(PORTAL / "src").iterdir(), PORTAL / "package-lock.json"]
    if bundle.exists() and all(s.stat().st_mtime <= bundle.stat().st_mtime for s in sources):
        return
    npm = shutil.which("npm")
    assert npm is not None, "npm is needed to build the portal page"
    subprocess.run([npm, "run", "build", "--prefix", str(PORTAL)], check=True, timeout=300)


def _served(app: Any) -> Iterator[str]:
    """The address of ``app`` served on a free port of this machine, until
    the generator is closed."""
    from werkzeug.serving import make_server

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(host: Host) -> Iterator[str]:
    _build_page()
    app = _load_app().create_app(host=host)
    yield from _served(app)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1000,2400",
        "--lang=zh-CN",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    browser.set_script_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


#: Sets an input's value the way typing does, so React sees it (and past
#: the input's maxlength, as a pasted text or a script could).
SET_VALUE = """
const [id, value] = arguments;
const el = document.getElementById(id);
const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement : HTMLInputElement;
Object.getOwnPropertyDescriptor(proto.prototype, 'value').set.call(el, value);
el.dispatchEvent(new Event('input', {bubbles: true}));
"""


def envelope_example(edition: Edition, pointer: str) -> str:
    field = edition.form("application").field_at(pointer)
    assert field is not None
    return field.example


def _rjsf_id(pointer: str) -> str:
    return "root" + pointer.replace("/", "_")


def _fill(driver: Any, pointer: str, value: str) -> None:
    driver.execute_script(SET_VALUE, _rjsf_id(pointer), value)


def _submit_and_wait(driver: Any, ok: bool) -> dict[str, Any]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__lastResponse = null;")
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return window.__lastResponse !== null;")
    )
    WebDriverWait(driver, 30).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, f"#result[data-ok='{str(ok).lower()}']"))
    )
    response: dict[str, Any] = driver.execute_script("return window.__lastResponse;")
    # ajv in the page (RJSF's validator, Ajv2020) gave the server's verdict.
    assert driver.execute_script("return window.__clientVerdict;") is ok
    return response


def test_the_reference_page_in_chromium(server: str, driver: Any, edition: Edition) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver.get(server + "/")
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.ID, "root_unit_name")))

    # The envelope: the unit's name typed once, its kind chosen among the
    # edition's Chinese names, a reform item ticked.
    envelope = SubmissionFactory(edition)("application", unit_kind="city-association")
    driver.find_element(By.ID, "root_unit_name").send_keys(envelope["unit"]["name"])
    kind = Select(driver.find_element(By.ID, "root_unit_kind"))
    names = {o.text for o in kind.options if o.get_attribute("value")}
    assert names == {k.name.zh for k in edition.unit_kinds if "application" in k.forms}
    city_kind = edition.unit_kinds[[k.id for k in edition.unit_kinds].index("city-association")]
    kind.select_by_visible_text(city_kind.name.zh)
    driver.find_element(By.ID, "root_reform_items-0").click()
    # 申报单位 is not asked a second time in the form.
    assert driver.find_element(By.ID, "root_data_applicant_unit").get_attribute("type") == "hidden"
    # Limits are visible: maxlength on the input and a hint under it.
    name_input = driver.find_element(By.ID, "root_data_project_name")
    assert name_input.get_attribute("maxlength") == "100"
    assert "不超过 100 个字符" in driver.find_element(By.ID, "root_data_project_name__help").text
    # The example is a placeholder, not a suggestion one click sends as the
    # unit's own (RJSF's datalist of the schema's examples).
    mobile = driver.find_element(By.ID, "root_data_contact_mobile")
    assert mobile.get_attribute("placeholder") == envelope_example(edition, "/contact/mobile")
    assert mobile.get_attribute("list") is None
    assert driver.find_elements(By.TAG_NAME, "datalist") == []

    data = envelope["data"]
    for pointer, value in [
        ("/data/project_name", data["project_name"]),
        ("/data/contact/name", data["contact"]["name"]),
        ("/data/contact/title", data["contact"]["title"]),
        ("/data/contact/office_phone", data["contact"]["office_phone"]),
        ("/data/contact/mobile", data["contact"]["mobile"]),
        ("/data/contact/email", data["contact"]["email"]),
        ("/data/project_basis", data["project_basis"]),
        ("/data/project_implementation", data["project_implementation"]),
        ("/data/expected_outcomes", data["expected_outcomes"]),
    ]:
        _fill(driver, pointer, value)
    accepted = _submit_and_wait(driver, ok=True)
    assert accepted["status"] == 200
    assert [f["code"] for f in accepted["body"]["findings"] if f["severity"] == "error"] == []

    # Three mistakes, each shown under its own field in Chinese.
    _fill(driver, "/data/contact/name", "")
    _fill(driver, "/data/project_name", "项" * 101)
    _fill(driver, "/data/contact/office_phone", "0531 82073271")
    rejected = _submit_and_wait(driver, ok=False)
    by_pointer = {f["pointer"]: f for f in rejected["body"]["findings"]}
    expected = {
        "/data/contact/name": {"form.required", "form.empty"},
        "/data/project_name": {"form.too-long"},
        "/data/contact/office_phone": {"contact.office-phone"},
    }
    assert set(by_pointer) == set(expected)
    for pointer, codes in expected.items():
        finding = by_pointer[pointer]
        assert finding["code"] in codes
        shown = driver.find_element(By.ID, _rjsf_id(pointer) + "__error").text
        assert shown == finding["message"]["zh"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in shown)

    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    png = driver.get_screenshot_as_png()
    assert png.startswith(b"\x89PNG")
    (ARTEFACTS / "page.png").write_bytes(png)


#: Appends half of 𠀀 (a lone surrogate, as a paste that cut it in two
#: leaves) to an input's value, the way typing does.
APPEND_HALF = """
const el = document.getElementById(arguments[0]);
const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement : HTMLInputElement;
const value = arguments[1] + String.fromCharCode(0xD840);
Object.getOwnPropertyDescriptor(proto.prototype, 'value').set.call(el, value);
el.dispatchEvent(new Event('input', {bubbles: true}));
"""


def test_half_a_character_is_refused_by_ajv_and_shown_under_its_field(
    server: str, driver: Any, edition: Edition
) -> None:
    """Half of 𠀀 in 项目名称 passed ajv, and the server refused the body
    the page sent (``envelope.not-json``, at no field): ajv refuses it too,
    and the page says so under the field, in the server's words for it
    (``envelope.not-text``)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver.get(server + "/")
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.ID, "root_unit_name")))
    envelope = SubmissionFactory(edition)("application", unit_kind="city-association")
    driver.find_element(By.ID, "root_unit_name").send_keys(envelope["unit"]["name"])
    kinds = {k.id: k.name.zh for k in edition.unit_kinds}
    Select(driver.find_element(By.ID, "root_unit_kind")).select_by_visible_text(
        kinds["city-association"]
    )
    driver.find_element(By.ID, "root_reform_items-0").click()
    data = envelope["data"]
    for key in ("project_basis", "project_implementation", "expected_outcomes"):
        _fill(driver, f"/data/{key}", data[key])
    for key in ("name", "title", "office_phone", "mobile", "email"):
        _fill(driver, f"/data/contact/{key}", data["contact"][key])
    driver.execute_script(APPEND_HALF, _rjsf_id("/data/project_name"), data["project_name"])
    rejected = _submit_and_wait(driver, ok=False)
    assert rejected["status"] == 400
    assert [f["code"] for f in rejected["body"]["findings"]] == ["envelope.not-json"]
    page = page_schema(edition, "application")["schema"]
    title = page["properties"]["data"]["properties"]["project_name"]["title"]
    template = page["x-reform-brand"]["messages"]["envelope.not-text"]["zh"]
    shown = driver.find_element(By.ID, _rjsf_id("/data/project_name") + "__error").text
    assert shown == template.replace("{where}", title)


def test_a_select_left_alone_sends_no_choice(server: str, driver: Any) -> None:
    """RJSF takes the first const of a oneOf as the default: the unit kind
    showed 省级学会 chosen on a fresh page and sent it, though the unit
    never chose it. Left alone, the select shows nothing chosen and the
    server asks for the kind, under the select, in Chinese."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver.get(server + "/")
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.ID, "root_unit_name")))
    kind = Select(driver.find_element(By.ID, "root_unit_kind"))
    assert kind.first_selected_option.get_attribute("value") == ""
    driver.find_element(By.ID, "root_unit_name").send_keys("济南市科协")
    rejected = _submit_and_wait(driver, ok=False)
    by_pointer = {f["pointer"]: f for f in rejected["body"]["findings"]}
    assert by_pointer["/unit/kind"]["code"] == "envelope.required"
    shown = driver.find_element(By.ID, "root_unit_kind__error").text
    assert shown == by_pointer["/unit/kind"]["message"]["zh"]


def test_the_limit_counts_characters_as_the_schema_does(server: str, driver: Any) -> None:
    """The input's maxlength counts UTF-16 units: with 40 𠀀 (two units each)
    in 联系人 (50 characters) the browser took no 41st. Typed one at a time,
    it now stops at 50 characters, 𠀀 or 张 alike."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    def typed(before: str, char: str) -> int:
        _fill(driver, "/data/contact/name", before)
        el = driver.find_element(By.ID, "root_data_contact_name")
        el.click()
        driver.execute_script("arguments[0].setSelectionRange(1e6, 1e6);", el)
        driver.execute_cdp_cmd("Input.insertText", {"text": char})
        length: int = driver.execute_script("return [...arguments[0].value].length;", el)
        return length

    driver.get(server + "/")
    WebDriverWait(driver, 60).until(
        ec.presence_of_element_located((By.ID, "root_data_contact_name"))
    )
    assert typed("\U00020000" * 40, "\U00020000") == 41
    assert typed("\U00020000" * 49, "张") == 50
    assert typed("\U00020000" * 50, "张") == 50
    assert typed("张" * 50, "张") == 50


@pytest.fixture(scope="module")
def guizhou_server() -> Iterator[str]:
    """The page of a third-party edition with choice, integer and number
    fields (tests/neutral's guizhou-2025)."""
    from tests.neutral.conftest import GuizhouPlugin

    _build_page()
    host = Host.create(plugins=[GuizhouPlugin()], load_entry_points=False, block=())
    app = _load_app().create_app("guizhou-2025", host=host)
    yield from _served(app)


def test_a_third_party_page_sends_no_choice_left_alone_and_numbers_as_numbers(
    guizhou_server: str, driver: Any
) -> None:
    """A choice field left alone showed 服务创新 (its example, as the empty
    option) or sent its first option (RJSF's default from a oneOf's first
    const): it shows nothing and sends nothing, and the server asks for it.
    Numbers typed as "25.0" and "3.50" reach the server as numbers."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver.get(guizhou_server + "/")
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.ID, "root_data_budget")))
    category = Select(driver.find_element(By.ID, "root_data_category"))
    assert category.first_selected_option.get_attribute("value") == ""
    assert category.first_selected_option.text == ""
    _fill(driver, "/data/members", "25.0")
    _fill(driver, "/data/budget", "3.50")
    rejected = _submit_and_wait(driver, ok=False)
    findings = {(f["pointer"], f["code"]) for f in rejected["body"]["findings"]}
    assert ("/data/category", "form.required") in findings
    assert {p for p, _ in findings} & {"/data/members", "/data/budget"} == set()


def test_bad_bodies_get_findings_not_500(host: Host) -> None:
    client = _load_app().create_app(host=host).test_client()
    cases: list[tuple[bytes, int, str]] = [
        (b"{", 400, "envelope.not-json"),
        (b"[" * 10_000, 400, "envelope.too-deep"),
        (b'{"a": 1}', 200, "envelope.unknown-key"),
        (b"x" * (2 << 20), 413, "envelope.too-large"),
    ]
    for body, status, code in cases:
        response = client.post("/api/submissions/check", data=body)
        assert response.status_code == status
        payload = response.get_json()
        assert code in [f["code"] for f in payload["findings"]]
        assert all(f["message"]["zh"] and f["message"]["en"] for f in payload["findings"])
