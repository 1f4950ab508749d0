"""The compact record of a checked submission, which the batch rules see.

A batch is checked one submission at a time: the submission is read, its
submission rules run, its report entry is written out, and only a
:class:`SubmissionRecord` is kept for the batch rules (quotas, versions,
duplicate ids, extra materials).  A record holds what those rules need and
nothing of the form data, so a batch of 100,000 submissions fits in a few
hundred bytes per submission.
"""

from __future__ import annotations

import os
from pathlib import Path

from attrs import field, frozen

from reform_brand.findings import Counts, Finding
from reform_brand.submission import Attachment, Submission, Unit

__all__ = ["SubmissionRecord"]


def _text_of(folder: str | os.PathLike[str] | None) -> str | None:
    return None if folder is None else os.fspath(folder)


@frozen(kw_only=True)
class SubmissionRecord:
    """What a batch rule knows of one submission of the batch.

    The members named as on :class:`~reform_brand.submission.Submission`
    mean the same; the form data is left out but for its project name.
    """

    #: Its place in the batch, from 0 (the order the items were given in).
    position: int
    id: str
    #: The file it was read from ("" when given as data).
    file: str = ""
    #: The folder attachment paths are relative to, as its text (None: files
    #: not checked); :attr:`base_dir` gives it as a ``Path``.  A ``Path``
    #: kept for each of 100,000 records took some 450 bytes a record.
    _base_dir: str | None = field(default=None, converter=_text_of)
    #: ``base_dir`` with every symbolic link resolved ("" when not known).
    real_base: str = ""
    edition: str = ""
    form: str = ""
    unit: Unit = field(factory=Unit)
    #: Whether ``arrived_at`` is present, and its value (a string or None).
    has_arrival: bool = False
    arrived_at: object = None
    attachments: tuple[Attachment, ...] = ()
    #: A materials-only envelope (attachments, no form).
    material_only: bool = False
    #: The form data's ``project_name`` when it is a string, else "".
    project: str = ""
    #: Whether the rules could look at it (read, an object, this edition).
    usable: bool = False
    #: Its findings by severity, as reported (before versions are marked).
    counts: Counts = field(factory=Counts)
    #: The findings of a materials-only envelope, which join the batch's
    #: findings (empty for any other submission).
    findings: tuple[Finding, ...] = ()

    @property
    def base_dir(self) -> Path | None:
        """The folder attachment paths are relative to (None: files not
        checked)."""
        return None if self._base_dir is None else Path(self._base_dir)

    @classmethod
    def of(
        cls,
        sub: Submission,
        *,
        position: int,
        usable: bool,
        counts: Counts,
        findings: tuple[Finding, ...] = (),
    ) -> SubmissionRecord:
        """The record of ``sub``."""
        data = sub.data
        project = data.get("project_name") if isinstance(data, dict) else None
        return cls(
            position=position,
            id=sub.id,
            file=sub.file,
            base_dir=sub.base_dir,
            real_base=sub.real_base,
            edition=sub.edition,
            form=sub.form,
            unit=sub.unit,
            has_arrival=sub.has_arrival,
            arrived_at=sub.arrived_at if isinstance(sub.arrived_at, str) else None,
            attachments=sub.attachments,
            material_only=sub.material_only,
            # (A longer name is no project key: see the versions.)
            project=project if isinstance(project, str) and len(project) <= 1000 else "",
            usable=usable,
            counts=counts,
            findings=findings if sub.material_only else (),
        )
