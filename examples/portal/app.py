"""The reference portal: serves the RJSF page and checks submissions.

    pip install reform-brand flask
    npm ci --prefix examples/portal && npm run build --prefix examples/portal
    flask --app examples/portal/app.py run

Then open http://127.0.0.1:5000/ (附件1) or /form/recommendation (附件2).
The handler is the one of docs/portal-guide.md: the raw body goes to
``validate_body``, so malformed JSON, deep nesting, oversized bodies and
floods of keys come back as findings with a 4xx status, never a 500.
An envelope that could be read is answered 200 whatever its verdict (``ok``
and the findings are in the body): the check itself succeeded, and the
browser's console stays free of failed requests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from reform_brand import (
    Finding,
    Host,
    SubmissionReport,
    get_validator,
    page_schema,
    validate_body,
)
from reform_brand.engine import MAX_BODY_BYTES

HERE = Path(__file__).resolve().parent
EDITION = "shandong-2022"

#: Refusals of the body itself (not the submission's content).
_BAD_BODY = {"envelope.not-json", "envelope.too-deep", "envelope.too-many-members"}


def status_of(report: SubmissionReport) -> int:
    """413 body too large, 400 not a JSON envelope, else 200 (see ``ok``)."""
    codes = set(report.codes())
    if "envelope.too-large" in codes:
        return 413
    if codes & _BAD_BODY:
        return 400
    return 200


def report_body(report: SubmissionReport) -> dict[str, Any]:
    """Findings with their JSON pointers and both languages' messages."""
    return {
        "ok": report.ok,
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "pointer": f.pointer,
                "message": {"zh": f.message("zh"), "en": f.message("en")},
            }
            for f in report.findings
        ],
    }


def create_app(edition_id: str = EDITION, host: Host | None = None) -> Flask:
    host = host or Host.create()
    edition = host.edition(edition_id)
    # While the unit edits nothing is uploaded and nothing has "arrived".
    editing = get_validator(edition, host=host, ignore={"deliverables", "deadline"})
    app = Flask(
        __name__, static_folder=str(HERE / "static"), template_folder=str(HERE / "templates")
    )
    # Flask refuses larger bodies with 413 before reading them.
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @app.get("/")
    @app.get("/form/<form_id>")
    def index(form_id: str = "application") -> str:
        if form_id not in {f.id for f in edition.forms}:
            abort(404)
        return render_template("index.html", form=form_id)

    @app.get("/api/page/<form_id>")
    def page(form_id: str) -> Response:
        if form_id not in {f.id for f in edition.forms}:
            abort(404)
        return jsonify(page_schema(edition, form_id))

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_: RequestEntityTooLarge) -> tuple[dict[str, Any], int]:
        size = request.content_length or 0
        finding = Finding(
            code="envelope.too-large",
            severity="error",
            rule="engine",
            params={"size": size, "limit": MAX_BODY_BYTES},
        )
        return report_body(SubmissionReport(submission="#1", findings=(finding,))), 413

    @app.post("/api/submissions/check")
    def check() -> tuple[dict[str, Any], int]:
        report = validate_body(editing, request.get_data(cache=False))
        return report_body(report), status_of(report)

    return app


if __name__ == "__main__":  # pragma: no cover - for trying it by hand
    create_app().run(debug=False)
