"""Build the example inbox shipped with the reference edition.

    python -m tests.inbox.make_demo        # rewrites plugins/reform_brand_shandong_2022/demo_inbox/

What the office's mailbox held on 22 August 2022, one folder per e-mail plus
a few loose files: a dozen units' Word forms — rendered from our template
and then edited as units do (content controls, tracked changes, a signed
date, blank lines), one retyped from scratch — with their signed scans as
small PDFs; one city over its quota (青岛, four projects), one late e-mail
(潍坊), one broken Word file (临沂), one misspelled unit (威海), a county
project counted under its city, two recommendations, progress summaries
(烟台's too long), a 2021 summary, and the junk a mailbox collects (Word
lock files, Thumbs.db, a photo, a note).

Then what a real mailbox also holds (:mod:`tests.inbox.demo_more`): a unit's
files zipped (GBK names, as Windows zips them), an .odt form, a revised form
beside the original, a late resend, a small .mbox of two units' mails, and
two scans made as a scanner makes them (one unstamped, one of another
project).

The output is deterministic but for those two scans (printed through
LibreOffice and rasterised); ``tests/inbox/test_demo.py`` checks that the
committed inbox is what this script builds, and the scans by what they are.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reform_brand.host import Host
from reform_brand.model import Edition
from tests.inbox import docx_edit as E

DEMO_DIR = (
    Path(__file__).resolve().parents[2] / "plugins" / "reform_brand_shandong_2022" / "demo_inbox"
)


def _paras(*texts: str) -> str:
    return "\n".join(texts)


def application(
    unit: str,
    date: str,
    project: str,
    contact: tuple[str, str, str, str, str],
    theme: str,
    opinion: str = "同意申报。",
) -> dict[str, Any]:
    name, title, phone, mobile, email = contact
    return {
        "applicant_unit": unit,
        "date": date,
        "project_name": project,
        "contact": {
            "name": name,
            "title": title,
            "office_phone": phone,
            "mobile": mobile,
            "email": email,
        },
        "project_basis": _paras(
            f"{unit}近年来围绕{theme}开展了系统探索，形成了“党建引领、学会主体、"
            "基层落地”的工作格局，相关做法被省科协简报刊发。",
            f"目前已建立工作专班，出台实施方案和考核办法，设立专项经费 120 万元，"
            f"联系专家 300 余名，为{project}奠定了组织和制度基础。",
        ),
        "project_implementation": _paras(
            "一是完善组织体系。建立“市—县—乡”三级联动机制，明确责任分工和时间节点。",
            f"二是创新工作方法。以{theme}为切入点，推行项目化管理、清单式推进、"
            "台账式督办，每季度开展一次评估。",
            "三是强化资源保障。统筹学会、高校、企业资源，形成可复制、可推广的工作模式。",
        ),
        "expected_outcomes": _paras(
            "到 2023 年底，形成一套制度文件、一批典型案例和一份理论研究报告。",
            f"{project}覆盖面达到 90% 以上，服务对象满意度不低于 95%，争取在全省科协系统推广。",
        ),
        "recommender_opinion": opinion,
    }


def recommendation(
    unit: str, date: str, recommended: str, project: str, reason: str
) -> dict[str, Any]:
    return {
        "recommending_unit": unit,
        "date": date,
        "recommended_unit": recommended,
        "project_name": project,
        "recommendation_reason": _paras(
            f"{recommended}实施“{project}”已满三年，品牌成熟度高。",
            reason,
            "项目机制完善、成效明显，具有示范带动作用，同意推荐。",
        ),
        "recommender_opinion": "同意推荐。",
    }


def progress_summary(city: str, repeat: int = 1) -> str:
    topics = [
        ("一、今年以来改革工作总体进展情况", f"{city}认真落实省科协改革部署，"),
        ("二、亮点工作", "“科创中国”试点建设取得新进展，"),
        ("三、特色品牌情况", "“三长”进驻“两中心”品牌持续擦亮，"),
        ("四、改革进程中遇到的新情况新问题", "基层组织力量仍然薄弱，经费保障不足，"),
        ("五、下一步推进改革工作的打算和举措", "坚持问题导向，深化基层组织建设，"),
    ]
    body = (
        "围绕学会治理、基层组织建设和服务科技工作者三条主线，"
        "统筹推进各项改革任务，取得了阶段性成效。"
    )
    out = [f"{city}2022年改革工作进展情况"]
    for head, lead in topics:
        out.append(head)
        out.extend([lead + body] * repeat)
    return "\n".join(out)


def scan(unit_pinyin: str, project: str = "") -> bytes:
    return E.minimal_pdf(
        [
            "Scanned copy: signed and stamped form",
            f"Unit: {unit_pinyin}",
            *([f"Project: {project}"] if project else []),
            "(small example PDF standing in for a scanner's output)",
        ]
    )


def manifest(
    *,
    sender: str,
    arrived: str,
    unit: dict[str, str],
    items: list[int] | None = None,
    submissions: list[dict[str, Any]] | None = None,
    materials: list[dict[str, str]] | None = None,
    subject: str = "",
) -> bytes:
    def val(v: Any) -> str:
        if isinstance(v, list):
            return "[" + ", ".join(str(x) for x in v) + "]"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "# What this e-mail brought (docs/inbox.md).",
        f"sender = {val(sender)}",
        f"subject = {val(subject or '改革品牌项目申报材料')}",
        f"arrived_at = {arrived}",
    ]
    if items is not None:
        lines.append(f"reform_items = {val(items)}")
    lines.append("")
    lines.append("[unit]")
    lines.extend(f"{k} = {val(v)}" for k, v in unit.items())
    for s in submissions or []:
        lines += ["", "[[submissions]]"]
        lines.extend(f"{k} = {val(v)}" for k, v in s.items())
    for m in materials or []:
        lines += ["", "[[materials]]"]
        lines.extend(f"{k} = {val(v)}" for k, v in m.items())
    return ("\n".join(lines) + "\n").encode("utf-8")


def build(edition: Edition, *, real_scans: bool = True) -> dict[str, bytes]:
    """The inbox's files: relative path -> bytes.  Without ``real_scans``
    the scanned PDFs (``demo_more.REAL_SCANS``, made through LibreOffice and not
    byte-for-byte repeatable) are empty placeholders."""
    files: dict[str, bytes] = {}

    def form(
        name: str, data: dict[str, Any], *steps: Callable[[Any], None], kind: str = "application"
    ) -> None:
        files[name] = E.edit(E.filled(edition, kind, data), *steps)

    # 1. 济南: two projects in one e-mail, with a manifest, and the progress summary.
    d = "2022-08-15 济南市科协"
    form(
        f"{d}/申报表-三长进驻两中心.docx",
        application(
            "济南市科协",
            "2022-08-15",
            "“三长”进驻“两中心”工作机制创新",
            ("张明", "办公室主任", "0531-86012345", "13805310001", "jnkx_office@example.cn"),
            "“三长”进驻新时代文明实践中心和党群服务中心",
        ),
        E.content_controls("项目名称", "项目基础"),
        E.sign_date("推荐单位意见", "2022 年 8 月 15 日"),
    )
    files[f"{d}/申报表-三长进驻两中心（盖章）.pdf"] = scan("Jinan", "San Zhang")
    form(
        f"{d}/申报表-科技志愿服务.docx",
        application(
            "济南市科协",
            "2022-08-15",
            "科技志愿服务“泉城模式”",
            ("李红", "科普部部长", "0531-86012346", "13805310002", "jnkx_kp@example.cn"),
            "科技志愿服务",
        ),
        E.append_blank_paragraphs("预期成效"),
    )
    files[f"{d}/申报表-科技志愿服务（盖章）.pdf"] = scan("Jinan", "Volunteers")
    files[f"{d}/济南市科协2022年改革工作进展情况.docx"] = E.text_docx(
        progress_summary("济南市科协").split("\n")
    )
    files[f"{d}/manifest.toml"] = manifest(
        sender="jnkx_office@example.cn",
        arrived="2022-08-15T16:42:00+08:00",
        unit={"name": "济南市科协", "kind": "city-association"},
        submissions=[
            {
                "word": "申报表-三长进驻两中心.docx",
                "scan": "申报表-三长进驻两中心（盖章）.pdf",
                "reform_items": [1],  # 三长: a clerk's item; [3] would be reform-items.ranks-low
            },
            {
                "word": "申报表-科技志愿服务.docx",
                "scan": "申报表-科技志愿服务（盖章）.pdf",
                "reform_items": [9],
            },
        ],
        materials=[
            {"path": "济南市科协2022年改革工作进展情况.docx", "material": "city-progress-summary"}
        ],
    )

    # 2. 历城区: a county project, counted under 济南 (济南's third).
    d = "2022-08-16 历城区科协"
    form(
        f"{d}/历城区科协改革品牌项目申报表.docx",
        application(
            "历城区科协",
            "2022-08-16",
            "基层科协组织“3+1”建设",
            ("王刚", "副主席", "0531-88161234", "13905310003", "lcqkx@example.cn"),
            "基层科协组织建设",
        ),
    )
    files[f"{d}/历城区科协改革品牌项目申报表-扫描件.pdf"] = scan("Licheng")
    files[f"{d}/manifest.toml"] = manifest(
        sender="lcqkx@example.cn",
        arrived="2022-08-16T10:05:00+08:00",
        unit={"name": "历城区科协", "kind": "county-association", "city": "济南市科协"},
        items=[5],
    )

    # 3. 青岛: four projects, one over the city's quota of 3.
    d = "2022-08-18 青岛市科协"
    qingdao = [
        ("海洋科技社团联合体建设", "海洋科技社团联合", [2]),
        ("院士专家工作站提质增效", "院士专家工作站建设", [7]),
        ("“科创中国”青岛试点城市建设", "科技经济融合", [6]),
        ("青少年科学素质提升行动", "青少年科技教育", [12]),
    ]
    subs = []
    for n, (project, theme, items) in enumerate(qingdao, start=1):
        steps: list[Callable[[Any], None]] = []
        if n == 2:
            steps.append(
                E.tracked_changes(
                    "项目实施",
                    insert="（2022 年 8 月修订）",
                    delete="原计划三年完成。",
                    new_paragraph="四是加强宣传推广，每年遴选发布十个典型案例。",
                )
            )
        form(
            f"{d}/{n}-{project}.docx",
            application(
                "青岛市科协",
                "2022-08-18",
                project,
                ("赵丽", "学会部部长", "0532-85912345", "13705320004", "qdkx@example.cn"),
                theme,
            ),
            *steps,
        )
        files[f"{d}/{n}-{project}-盖章.pdf"] = scan("Qingdao", str(n))
        subs.append(
            {
                "word": f"{n}-{project}.docx",
                "scan": f"{n}-{project}-盖章.pdf",
                "reform_items": items,
            }
        )
    files[f"{d}/manifest.toml"] = manifest(
        sender="qdkx@example.cn",
        arrived="2022-08-18T11:20:00+08:00",
        unit={"name": "青岛市科协", "kind": "city-association"},
        submissions=subs,
    )

    # 4. 淄博: content controls, a contact phone typed in full-width digits,
    #    the progress summary as plain text.
    d = "2022-08-17 淄博市科协"
    form(
        f"{d}/淄博市科协申报表.docx",
        application(
            "淄博市科协",
            "2022-08-17",
            "企业科协全覆盖行动",
            ("孙伟", "组织部部长", "０５３３-２１８６６００", "13605330005", "zbkx@example.cn"),
            "企业科协组织建设",
        ),
        E.content_controls("项目名称", "项目实施", "预期成效"),
    )
    files[f"{d}/淄博市科协申报表.pdf"] = scan("Zibo")
    files[f"{d}/淄博市科协2022年改革进展情况.txt"] = progress_summary("淄博市科协").encode("utf-8")
    files[f"{d}/manifest.toml"] = manifest(
        sender="zbkx@example.cn",
        arrived="2022-08-17T09:30:00+08:00",
        unit={"name": "淄博市科协", "kind": "city-association"},
        items=[4],
    )

    # 5. 烟台: tracked changes throughout, and a progress summary that is too long.
    d = "2022-08-19 烟台市科协"
    form(
        f"{d}/烟台市科协-申报表.docx",
        application(
            "烟台市科协",
            "2022-08-19",
            "学会服务地方产业发展“双进”工程",
            ("周强", "学会部部长", "0535-66212345", "13505350006", "ytkx@example.cn"),
            "学会服务地方产业",
        ),
        E.tracked_changes(
            "项目基础",
            insert="并获评全省科协系统创新案例",
            delete="（待补充）",
            drop_paragraph="此段为初稿说明，提交前删除。",
        ),
        E.tracked_changes("预期成效", insert="，形成理论成果两项", delete="若干"),
    )
    files[f"{d}/烟台市科协-申报表-签章.pdf"] = scan("Yantai")
    files[f"{d}/烟台市科协改革工作进展情况.docx"] = E.text_docx(
        progress_summary("烟台市科协", repeat=7).split("\n")
    )
    files[f"{d}/manifest.toml"] = manifest(
        sender="ytkx@example.cn",
        arrived="2022-08-19T17:55:00+08:00",
        unit={"name": "烟台市科协", "kind": "city-association"},
        items=[8],
    )

    # 6. 潍坊: late (22 August).
    d = "2022-08-22 潍坊市科协"
    form(
        f"{d}/潍坊市科协申报表.docx",
        application(
            "潍坊市科协",
            "2022-08-21",
            "农村科普e站",
            ("吴静", "科普部部长", "0536-88212345", "13305360007", "wfkx@example.cn"),
            "农村科普",
        ),
    )
    files[f"{d}/潍坊市科协申报表.pdf"] = scan("Weifang")
    files[f"{d}/manifest.toml"] = manifest(
        sender="wfkx@example.cn",
        arrived="2022-08-22T08:30:00+08:00",
        unit={"name": "潍坊市科协", "kind": "city-association"},
        items=[10],
    )

    # 7. 威海: the unit's name misspelled on the form.
    d = "2022-08-16 威海市科协"
    form(
        f"{d}/申报表.docx",
        application(
            "威海市科学协会",
            "2022-08-16",
            "科技人才服务驿站",
            ("郑洁", "办公室副主任", "0631-52312345", "13205310008", "whkx@example.cn"),
            "科技人才服务",
        ),
    )
    files[f"{d}/申报表.pdf"] = scan("Weihai")
    files[f"{d}/manifest.toml"] = manifest(
        sender="whkx@example.cn",
        arrived="2022-08-16T14:12:00+08:00",
        unit={"kind": "city-association"},
        items=[11],
    )

    # 8. 临沂: the Word file broke in transit (truncated).
    d = "2022-08-17 临沂市科协"
    whole = E.filled(
        edition,
        "application",
        application(
            "临沂市科协",
            "2022-08-17",
            "沂蒙科技服务团",
            ("冯军", "科普部部长", "0539-82212345", "13105390009", "lykx@example.cn"),
            "科技服务团",
        ),
    )
    files[f"{d}/临沂市科协申报表.docx"] = whole[: len(whole) // 3]
    files[f"{d}/临沂市科协申报表.pdf"] = scan("Linyi")
    files[f"{d}/manifest.toml"] = manifest(
        sender="lykx@example.cn",
        arrived="2022-08-17T15:48:00+08:00",
        unit={"name": "临沂市科协", "kind": "city-association"},
        items=[5],
    )

    # 9. 德州: the form retyped from scratch in the same layout.
    d = "2022-08-18 德州市科协"
    files[f"{d}/德州市科协改革品牌项目申报表（重新排版）.docx"] = E.retyped_application(
        edition,
        application(
            "德州市科协",
            "2022-08-18",
            "县域科协改革“一县一品”",
            ("陈晨", "办公室主任", "0534-26812345", "15905340010", "dzkx@example.cn"),
            "县域科协改革",
        ),
    )
    files[f"{d}/德州市科协改革品牌项目申报表（重新排版）盖章.pdf"] = scan("Dezhou")
    files[f"{d}/manifest.toml"] = manifest(
        sender="dzkx@example.cn",
        arrived="2022-08-18T10:00:00+08:00",
        unit={"name": "德州市科协", "kind": "city-association"},
        items=[5],
    )

    # 10. 省科协科普部: two recommendations.
    d = "2022-08-19 省科协科普部"
    recs = [
        ("山东省科普创作协会", "科普创作精品扶持计划", "近三年扶持原创科普作品 60 余部。", [13]),
        ("山东省气象学会", "气象科普进校园", "覆盖全省 16 市 500 余所中小学。", [13]),
    ]
    subs = []
    for n, (recommended, project, reason, items) in enumerate(recs, start=1):
        form(
            f"{d}/推荐表{n}-{recommended}.docx",
            recommendation("省科协科普部", "2022-08-19", recommended, project, reason),
            kind="recommendation",
        )
        files[f"{d}/推荐表{n}-{recommended}.pdf"] = scan("Science popularisation dept", str(n))
        subs.append(
            {
                "word": f"推荐表{n}-{recommended}.docx",
                "scan": f"推荐表{n}-{recommended}.pdf",
                "reform_items": items,
            }
        )
    files[f"{d}/manifest.toml"] = manifest(
        sender="kpb@example.cn",
        arrived="2022-08-19T09:10:00+08:00",
        unit={"name": "省科协科普部", "kind": "department"},
        submissions=subs,
    )

    # 11. 山东省科技馆: an affiliated unit's recommendation, with a JSON manifest.
    d = "2022-08-19 山东省科技馆"
    form(
        f"{d}/推荐表.docx",
        recommendation(
            "山东省科技馆",
            "2022-08-19",
            "山东省科技馆",
            "数字科普公园建设",
            "年接待观众 200 万人次。",
        ),
        E.content_controls("推荐理由"),
        kind="recommendation",
    )
    files[f"{d}/推荐表.pdf"] = scan("Science and Technology Museum")
    files[f"{d}/manifest.json"] = (
        '{\n  "sender": "kjg@example.cn",\n  "arrived_at": "2022-08-19T15:30:00+08:00",\n'
        '  "unit": {"name": "山东省科技馆", "kind": "affiliated-unit"},\n'
        '  "reform_items": [14]\n}\n'
    ).encode()

    # 12. 浪潮集团科协: on the last evening, with a mailbox's junk beside it.
    d = "2022-08-20 浪潮集团科协"
    form(
        f"{d}/浪潮集团科协申报表.docx",
        application(
            "浪潮集团科协",
            "2022-08-20",
            "企业创新联合体建设",
            ("钱进", "科协秘书长", "0531-85112345", "18605310012", "lckx@example.cn"),
            "企业创新联合体",
        ),
        E.sign_date("推荐单位意见", "二〇二二年八月二十日"),
    )
    files[f"{d}/浪潮集团科协申报表.pdf"] = scan("Inspur")
    files[f"{d}/~$潮集团科协申报表.docx"] = b"\x0c\xe9\xa3\x9e" + b"\x00" * 158
    files[f"{d}/Thumbs.db"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    files[f"{d}/现场照片.jpg"] = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"
    files[f"{d}/manifest.toml"] = manifest(
        sender="lckx@example.cn",
        arrived="2022-08-20T23:10:00+08:00",
        unit={"name": "浪潮集团科协", "kind": "enterprise-association"},
        items=[15],
    )

    # Loose files: a provincial society's form and scan, matched by name;
    # a 2021 summary; a note from the clerk.
    form(
        "山东省机械工程学会-改革品牌项目申报表.docx",
        application(
            "山东省机械工程学会",
            "2022-08-19",
            "学会治理现代化试点",
            ("何平", "秘书长", "0531-82612345", "13805310013", "sdmes@example.cn"),
            "学会治理",
        ),
    )
    files["山东省机械工程学会-改革品牌项目申报表（盖章扫描件）.pdf"] = scan("Mechanical society")
    files["2021年度改革品牌项目总结-聊城市科协.docx"] = E.text_docx(
        [
            "聊城市科协2021年度改革品牌项目总结",
            "一、项目实施情况",
            "2021 年入选的“科技助力乡村振兴”项目按计划推进，建成科技小院 12 个。",
            "二、取得的成效",
            "带动农民增收，形成了可推广的经验。",
        ]
    )
    files["收件说明.txt"] = (
        "8 月 22 日整理：山东省机械工程学会的材料由传真转来，未附邮件。\n".encode()
    )
    from tests.inbox.demo_more import more_deliveries  # it builds on this module's helpers

    files.update(more_deliveries(edition, real_scans=real_scans))
    return files


def write(target: Path, files: dict[str, bytes]) -> None:
    if target.exists():
        shutil.rmtree(target)
    for rel, data in sorted(files.items()):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else DEMO_DIR
    edition = Host.create().edition("shandong-2022")
    write(target, build(edition))
    sys.stdout.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
