"""What reading a filled form gives: :class:`ReadResult`."""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

from reform_brand.findings import Finding
from reform_brand.model import Form, FormField

__all__ = ["ReadResult", "unit_field"]


@frozen(kw_only=True)
class ReadResult:
    """What was read from one file.

    ``form`` is the recognised form's id (None when it was not recognised),
    ``data`` the form data, ``unit`` the unit's name from the header line,
    ``project`` the project's name (the form's ``project_field``),
    ``findings`` what could not be read, and ``unfilled`` the pointers of
    the fields left as the tags of the form's template
    (``read.unfilled-template``).  :meth:`envelope` gives a submission
    envelope for the validator.
    """

    file: str
    edition: str
    form: str | None = None
    data: dict[str, Any] = field(factory=dict)
    unit: str = ""
    findings: tuple[Finding, ...] = ()
    #: The project's name (the form's ``project_field``), or "".
    project: str = ""
    #: The fields left as the template's tags (``/data/project_name``).
    unfilled: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing that stops the form being read was found."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def blank_template(self) -> bool:
        """True when the file is the form's template with nothing filled in:
        fields left as its tags, and nothing else read."""
        return bool(self.unfilled) and not self.data

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def envelope(self, **extra: Any) -> dict[str, Any]:
        """A submission envelope (``docs/submission.md``) of what was read;
        ``extra`` adds or replaces members (``unit``, ``arrived_at``...)."""
        env: dict[str, Any] = {
            "version": 1,
            "edition": self.edition,
            "form": self.form or "",
            "unit": {"name": self.unit} if self.unit else {},
            "data": self.data,
        }
        env.update(extra)
        return env


def unit_field(form: Form) -> FormField | None:
    """The field that names the submitting unit: the text field the edition
    marks ``names = "unit"``, else the first text field of the header line
    (申报单位, 推荐部室或单位)."""
    marked = form.named("unit")
    if marked is not None:
        return marked
    for f in form.fields:
        if f.placement == "header" and f.type == "text":
            return f
    return None
