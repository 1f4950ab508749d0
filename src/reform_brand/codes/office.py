"""Finding codes of the office's job: reading filled Word forms, the inbox's
ledger, extra materials."""

from __future__ import annotations

from typing import Final

from reform_brand.codes._info import CodeInfo, E, I, W

ENTRIES: Final[tuple[CodeInfo, ...]] = (
    # -- Reading filled Word forms (read.py) -------------------------------------
    CodeInfo(
        code="read.not-docx",
        severity=E,
        rule="read",
        zh="不是 Word 文档（.docx），内容为{detected}，无法读取表格；"
        "请发件单位在 Word 中另存为 .docx 后重新发送",
        en="not a Word document (.docx) but {detected}; the form cannot be read: ask the "
        "sender to save it as .docx in Word and send it again",
        about="The file's content, not its name, decides: a PDF, an image, a broken "
        "archive, or an RTF document, a web page (HTML, MHT) or a Word XML document "
        "saved under a Word file's name (as older Word, WPS and web systems do), or a "
        "form Word or WPS saved as a web page under a name of its own, cannot be read.",
    ),
    CodeInfo(
        code="read.legacy-doc",
        severity=E,
        rule="read",
        zh="这是 Word 97-2003 或 WPS 文档（.doc、.wps），无法读取表格；请另存为 .docx 后重新发送",
        en="this is a Word 97-2003 or WPS document (.doc, .wps), which cannot be read; "
        "save it as .docx and send it again",
        about="Legacy .doc and WPS .wps files count as the Word file that was sent (never "
        "as a missing one) but cannot be read back; the file list marks them unreadable "
        "with this code. Ask the unit for a .docx, or convert it with LibreOffice.",
    ),
    CodeInfo(
        code="read.unsafe-zip",
        severity=E,
        rule="read",
        zh="文件不安全，未打开（{what}：{value}，上限 {limit}）",
        en="the file is unsafe and was not opened ({what}: {value}; the limit is {limit})",
        about="A zip bomb: too many entries, too large once uncompressed, or compressed "
        "beyond any real document. Checked before anything is decompressed. For an .odt, "
        "also repeated rows and cells (a repeated cell holding a table of repeated cells) "
        "that would come to more than 32 MiB once written out (reason `expanded`), "
        "counted before any is. A .docx or .odt holding two parts of one name (reason "
        "`duplicates`) is refused too: which one a reader takes is its own choice, so what "
        "is checked need not be what Word shows. A .tar, a compressed .tar or a file "
        "gzipped alone has no directory: its entry count, declared and decompressed size "
        "and its stream's compression ratio are checked as it is decompressed, and it is "
        "stopped at the first limit passed, nothing taken out of it.",
    ),
    CodeInfo(
        code="read.doctype",
        severity=E,
        rule="read",
        zh="文件内含 DOCTYPE 声明（{part}），不安全，未读取",
        en="the file holds a DOCTYPE declaration ({part}); refused as unsafe",
        about="Word never writes a document type declaration; one is how XML entity "
        "bombs and external entities work.",
    ),
    CodeInfo(
        code="read.too-complex",
        severity=E,
        rule="read",
        zh="文件中的 {part} 部分元素过多（{count} 个，上限 {limit} 个），不像一份表格，未读取",
        en="the part {part} of the file holds too many elements ({count}; the limit is "
        "{limit}), more than any form; not read",
        about="A form's main part holds a few thousand XML elements; a part of millions of "
        "tiny paragraphs, within the size limit, would take seconds and gigabytes to read. "
        "`count` counts the tags that open an element.",
    ),
    CodeInfo(
        code="read.too-large",
        severity=E,
        rule="read",
        zh="{what}过大（{size} 字节，上限 {limit} 字节），未读取",
        en="{what} is too large ({size} bytes; the limit is {limit}); not read",
        about="The file, or one of its XML parts (named: `part`), is larger than any "
        "real form; `size` is the size of what is over its limit.",
    ),
    CodeInfo(
        code="read.not-a-file",
        severity=E,
        rule="read",
        zh="不是普通文件，未读取",
        en="not a regular file; not read",
        about="A directory, a FIFO or a device is never opened.",
    ),
    CodeInfo(
        code="read.unreadable",
        severity=E,
        rule="read",
        zh="文件无法读取：{detail}",
        en="the file cannot be read: {detail}",
        about="The archive or its XML is broken; ask the unit to send the file again. A "
        ".docx protected by a password to open it (reason `encrypted`) is read as this, "
        "not as a legacy .doc, in an inbox and by ``read_form``; named as the Word file of "
        "a JSON submission, it is this too (the ``read`` rule, at the attachment's path).",
    ),
    CodeInfo(
        code="read.unknown-form",
        severity=E,
        rule="read",
        zh="未找到表格标题，无法确定是哪张表（应为：{titles}）",
        en="no form title found, so the form is unknown (expected one of: {titles})",
        about="The title is compared with all white space removed; a document without "
        "either title is not one of the edition's forms.",
    ),
    CodeInfo(
        code="read.ambiguous-form",
        severity=E,
        rule="read",
        zh="文件中出现了多张表格的标题（{forms}），无法确定是哪张表",
        en="the file holds the titles of several forms ({forms}); which one is meant is unclear",
        about="Send one form per file.",
    ),
    CodeInfo(
        code="read.form-repeated",
        severity=W,
        rule="read",
        zh="文件中同一张表格出现了 {count} 次，只读取为一份；如为不同项目，请每个项目单独一个文件",
        en="the form appears {count} times in the file and is read as one; "
        "send a file for each project if they are different ones",
        about="The title of the recognised form found more than once: a form pasted "
        "twice, or several projects in one file. Fields with the same value in "
        "every copy are read once; a field whose copies differ is read.ambiguous.",
    ),
    CodeInfo(
        code="read.missing-label",
        severity=E,
        rule="read",
        zh="表格中找不到“{label}”一栏，无法读取",
        en="the form has no '{label}' cell; it cannot be read",
        about="Labels are compared without white space; a row deleted or renamed "
        "when the form was retyped cannot be read. A warning for an optional field.",
    ),
    CodeInfo(
        code="read.ambiguous",
        severity=E,
        rule="read",
        zh="“{label}”一栏出现 {count} 处不同内容，无法确定取哪一个",
        en="'{label}' has {count} different values in the form; which one is meant is unclear",
        about="A label found twice with different values, a value split over "
        "several filled cells, or one filled cell merged under two sub-labels "
        "(手机 and 电子邮箱). Never guessed.",
    ),
    CodeInfo(
        code="read.bad-number",
        severity=E,
        rule="read",
        zh="“{label}”不是{what}（应如 {examples}，可带该栏目的单位）",
        en="'{label}' is not {what} (expected e.g. {examples}, with the field's unit if any)",
        about="A number field is read as half- or full-width digits, with an optional "
        "decimal point, thousands separators and the field's own unit. Anything else "
        "(words, another unit, a range) is left out of the data and reported.",
    ),
    CodeInfo(
        code="read.bad-date",
        severity=W,
        rule="read",
        zh="“{label}”不是有效日期（应如 {example}）",
        en="'{label}' is not a valid date (expected e.g. {example})",
        about="The header date, or a date field of the table, is read as 年 月 日 with digits "
        "or Chinese numerals; a date field of the table holds one date and nothing else.",
    ),
    CodeInfo(
        code="read.object-unread",
        severity=I,
        rule="read",
        zh="表格中有 {count} 个嵌入对象（如公式）无法读取，其内容没有读入数据，请对照原件核对",
        en="{count} object(s) embedded in the form (an equation, say) could not be read; "
        "what they show is not in the data: check it against the form",
        about="An .odt keeps an equation as an embedded object, its MathML in the package: "
        "its text is read into the value, as a .docx's equation is. One whose part is "
        "missing, over the limits or not XML, or whose text is too long for a value, is "
        "not read, and said so instead of being lost without a word. So is a .docx's "
        "equation made with Equation 3.0 or MathType (an OLE object: a picture and binary "
        "data, no text; known by its ProgID, or by its OLE storage when LibreOffice wrote "
        "none), and such an equation LibreOffice kept in an .odt as the OLE object it was "
        "(draw:object-ole). So is a form control (an ActiveX control of a .docx, w:control; "
        "a form control of an .odt, draw:control): what was typed into it or ticked is "
        "data of its own, not text. So is a .docx's content kept in a part of another "
        "format (w:altChunk: an .htm or .rtf part, as a web system's export writes it), "
        "which Word converts when it opens the file.",
    ),
    CodeInfo(
        code="read.macro-enabled",
        severity=I,
        rule="read",
        zh="这是启用宏的 Word 文档（.docm 或 .dotm），已按 .docx 读取，其中的宏没有运行",
        en="a macro-enabled Word document (.docm or .dotm), read as a .docx; "
        "its macros were not run",
        about="Word saves a form as a macro-enabled document or template when asked to "
        "(its main part's content type says so): its text is read as a .docx's, and its "
        "macros are never run, nor is any part but the text opened. The office may ask "
        "for a plain .docx to keep.",
    ),
    # -- The inbox (inbox.py) -----------------------------------------------------
    CodeInfo(
        code="inbox.ignored",
        severity=I,
        rule="inbox",
        zh="已忽略：{reason}",
        en="ignored: {reason}",
        about="System and temporary files (.DS_Store, Thumbs.db, Word's ~$ lock files) "
        "and files a manifest marks as ignored.",
    ),
    CodeInfo(
        code="inbox.unknown-file",
        severity=W,
        rule="inbox",
        zh="无法识别的文件（{detected}），未使用",
        en="a file that is not part of any submission ({detected}); not used",
        about="Neither a form, a scan, a manifest nor an extra material; the office "
        "should look at it.",
    ),
    CodeInfo(
        code="inbox.unreadable",
        severity=E,
        rule="inbox",
        zh="文件无法读取：{detail}；"
        "请发件单位重新发送该文件（表格请在 Word 中另存为 .docx 后发送）",
        en="the file cannot be read: {detail}; ask the sender to send the file again "
        "(a form saved as .docx in Word)",
        about="A file that is damaged, unsafe or not what its name says, and is not "
        "part of a submission: the unit sends it again, a form saved as .docx. A file "
        "or folder of the inbox this computer may not open is `inbox.unreadable-here`.",
    ),
    CodeInfo(
        code="inbox.unreadable-here",
        severity=E,
        rule="inbox",
        zh="无法在本机读取：{detail}；请在本机检查该文件或文件夹的访问权限和磁盘"
        "（不必请发件单位重新发送）",
        en="cannot be read on this computer: {detail}; check the permissions of this file "
        "or folder and the disk on this computer (the sender need not send it again)",
        about="A file or folder of the inbox that this computer's own disk refuses (a "
        "permission, another user's folder, a full disk, a read error), also when it is "
        "taken out of an archive or a mail: the office's to fix, not the unit's. Its "
        "status in the ledger is `unreadable`.",
    ),
    CodeInfo(
        code="inbox.unmatched-scan",
        severity=W,
        rule="inbox",
        zh="PDF 文件没有对应的 Word 文件，无法确定属于哪份申报",
        en="a PDF file without its Word file; it cannot be matched to a submission",
        about="Scans are matched to Word files by folder, by manifest, or by file name.",
    ),
    CodeInfo(
        code="inbox.no-form",
        severity=E,
        rule="inbox",
        zh="{received}没有表格的 Word 文件，只有 {count} 个 PDF 文件，未能形成申报；"
        "请发件单位补发 Word 文件",
        en="{received} holds no Word form, only {count} PDF file(s), and makes no "
        "submission; ask the sender for the form",
        about="An e-mail folder whose scans pair with no Word form (no Word file in it; "
        "`received` says what it was received as: `mail`, `archive` or `folder`; "
        "several scans, or one without a manifest): its unit sent something and has no "
        "submission from it. Each scan is also `inbox.unmatched-scan`. A single scan with a "
        "manifest is a submission without its Word file instead (`deliverables.missing`).",
    ),
    CodeInfo(
        code="inbox.symlink-outside",
        severity=E,
        rule="inbox",
        zh="符号链接指向收件目录以外，未读取",
        en="a symbolic link leading outside the inbox; not read",
        about="Nothing outside the inbox is ever read.",
    ),
    CodeInfo(
        code="inbox.symlink",
        severity=I,
        rule="inbox",
        zh="符号链接，未重复读取（目标文件在收件目录中）",
        en="a symbolic link to a file inside the inbox; read where it lives, not twice",
    ),
    CodeInfo(
        code="inbox.symlink-folder",
        severity=I,
        rule="inbox",
        zh="指向收件目录内文件夹的符号链接，未跟随（文件夹在它本来的位置读取）",
        en="a symbolic link to a folder inside the inbox; not followed, the folder is read "
        "where it lives",
        about="A link to a folder of the inbox or to one holding it (`u1/up -> ..`): "
        "following it would read the same files twice, or without end.",
    ),
    CodeInfo(
        code="inbox.not-regular",
        severity=W,
        rule="inbox",
        zh="不是普通文件，未读取",
        en="not a regular file; not read",
        about="A FIFO, socket or device in the inbox.",
    ),
    CodeInfo(
        code="inbox.manifest-invalid",
        severity=E,
        rule="inbox",
        zh="清单文件有误：{detail}",
        en="the manifest is invalid: {detail}",
        about="manifest.json or manifest.toml does not parse or does not fit its schema "
        "(docs/inbox.md); the folder is read as if it had none.",
    ),
    CodeInfo(
        code="inbox.manifest-missing-file",
        severity=E,
        rule="inbox",
        zh="清单中列出的文件不存在：{path}",
        en="the manifest names a file that is not there: {path}",
    ),
    CodeInfo(
        code="inbox.kind-unknown",
        severity=W,
        rule="inbox",
        zh="无法确定{named}单位类别（{why}）；请在清单文件中写明单位类别{did_you_mean}",
        en="the unit kind{named} is unknown ({why}); give unit.kind in a manifest{did_you_mean}",
        about="``named``: the unit's name as the form gives it; ``why``: not on the roster, or "
        "the edition has no roster; ``candidates`` and ``did_you_mean``: the roster's units "
        "close to it (every equally close one), or that none is (``candidates`` empty; nothing "
        "of the roster in an edition that has none).",
    ),
    CodeInfo(
        code="inbox.several-forms",
        severity=W,
        rule="inbox",
        zh="{received}中有 {count} 个 Word 表格，没有清单或清单未说明哪个扫描件属于哪个表格；"
        "按文件名配对扫描件",
        en="{received} holds {count} Word forms and no manifest (or one without "
        "[[submissions]]) saying which scan is whose; scans were matched by file name",
        about="`received` says what held them: `mail`, `archive` or `folder` (as for "
        "`inbox.no-form`).",
    ),
    CodeInfo(
        code="inbox.own-output",
        severity=I,
        rule="inbox",
        zh="本程序写出的输出（报告、导出的文件夹或其标记文件），不作为收件读取",
        en="an output this program wrote (a report or an export folder, or its marker "
        "file); not read as received files",
        about="The folder holds the marker file `reform-brand-output.json` that every "
        "report and export folder gets, so a report written inside the inbox changes "
        "nothing on the next run. The marker file itself, in a folder checked as the "
        "inbox (an export) or given as a file to check (`check EDITION out/*.json`), is "
        "listed the same way.",
    ),
    CodeInfo(
        code="inbox.name-encoding",
        severity=W,
        rule="inbox",
        zh="文件名不是 UTF-8 编码，已按 {encoding} 显示为“{shown}”；文件按原名读取",
        en="the file name is not UTF-8; shown as '{shown}' (read as {encoding}); the file "
        "is opened under its exact name",
        about="Names left by unzipping a Windows archive or copying from an old share are "
        "often GBK bytes. They are shown decoded as GBK/GB18030, or with the bytes "
        "escaped (\\xNN) when that fails; outputs stay valid UTF-8.",
    ),
    CodeInfo(
        code="inbox.too-deep",
        severity=W,
        rule="inbox",
        zh="文件夹嵌套超过 {limit} 层，未继续读取",
        en="folders nested more than {limit} deep; not read further",
    ),
    # -- Extra materials (the materials rule) -------------------------------------
    CodeInfo(
        code="material.too-long",
        severity=E,
        rule="materials",
        zh="{title}超过字数上限：{count} 字，上限 {limit} 字（按 {mode_zh}）",
        en="“{title}” is too long: {count} 字, the limit is {limit} (counted as {mode})",
        about="The same code whether the material came in a JSON envelope (an attachment "
        "whose role is the material's id) or was received in an inbox.",
    ),
    CodeInfo(
        code="material.duplicate",
        severity=W,
        rule="materials",
        zh="{unit}提交了 {count} 份{title}，每单位应为 {limit} 份",
        en="{unit} sent {count} copies of “{title}”; {limit} per unit is expected",
    ),
    CodeInfo(
        code="material.missing",
        severity=W,
        rule="materials",
        zh="以下单位尚未提交{title}：{units}",
        en="“{title}” not yet received from: {units}",
        about="Once a batch carries extra materials (an inbox where any arrived, or "
        "JSON envelopes with material attachments), the units that must send one and "
        "have not, listed once. A batch of forms alone says nothing about materials.",
    ),
    CodeInfo(
        code="material.unreadable",
        severity=W,
        rule="materials",
        zh="{title}无法读取文字（{detail}），请人工核对字数",
        en="the text of “{title}” cannot be read ({detail}); count it by hand",
    ),
    CodeInfo(
        code="material.unit-unknown",
        severity=W,
        rule="materials",
        zh="无法确定{title}来自哪个单位；请在清单文件中注明或在文件名中写明单位",
        en="which unit sent “{title}” is unknown; name it in a manifest or in the file name",
    ),
    CodeInfo(
        code="material.not-selected",
        severity=W,
        rule="materials",
        zh="{unit}不在{selection}入选名单中，无需提交{title}",
        en="{unit} is not among the units selected{selection}; “{title}” is not expected",
    ),
    CodeInfo(
        code="read.value-in-label",
        severity=I,
        rule="read",
        zh="“{label}”的内容填在了标题格内（标题后），已按该栏内容读取，请核对",
        en="the value of '{label}' was typed into its label cell, after the label; "
        "it was read as the value: check it",
        about="A unit typed 项目名称：海洋科普联盟 into the label cell and left the value "
        "cell empty. The text after the label (and a colon or a space) is the value. "
        "A different value in the value cell as well is read.ambiguous.",
    ),
    CodeInfo(
        code="read.value-joined",
        severity=W,
        rule="read",
        zh="“{label}”的内容分成了几行填写，已连成一行读取为“{value}”，请核对",
        en="'{label}' was typed over several lines; it was read joined as “{value}”: check it",
        about="A unit's name in the header line broken with Shift+Enter (济南市⏎科协), "
        "Enter pressed inside it, or two paragraphs in the cell of a header typed into "
        "the table; a one-line text field of the table (项目名称, 被推荐单位) over two "
        "lines of its cell: the lines are joined without the break (with a space between "
        "two Latin words). A contact's sub-field (姓名, 手机) is one line too: its "
        "lines, mostly two values, are joined with a space between (张明 王静). "
        "A line after the break that holds a colon (填报人：…) is "
        "another label's, not part of a header value.",
    ),
    CodeInfo(
        code="read.value-is-label",
        severity=W,
        rule="read",
        zh="“{label}”一栏填写的内容只是栏目名称“{label}”本身，未作为内容读取；请发件单位补填",
        en="'{label}' holds nothing but its own label; it was not read as the value: "
        "ask the sender to fill it in",
        about="The label typed again into its value cell as the value (项目名称 as the "
        "project's name, 姓名 under 姓名). The field is left empty, so a required field is "
        "then also reported missing; this finding says why.",
    ),
    CodeInfo(
        code="read.unfilled-template",
        severity=E,
        rule="read",
        zh="发来的是表格模板，{which}未填写（仍是模板标记），已按空白读取；请发件单位填好表格后重新发送",
        en="the file is the form's template, not filled in ({which}: the template's tags "
        "still in place of the values), read as blank: ask the sender to fill in the form "
        "and send it again",
        about="The Word template `reform-brand template` writes (or an edition's own) sent "
        "back: a field whose text holds the template's Jinja or docxtpl tags "
        "(`{{ applicant_unit }}`, `{%p for p_ in project_name|paragraphs %}`) is read as not "
        "filled in, never as the tags' text; `which` names the fields (`pointers` gives "
        "them), or says every field when all the unit fills are. An error when one of them "
        "must be filled in, else a warning. A field the issuer fills (省科协意见) left as "
        "its tags is not named. Prose holding a brace, or a tag that names none of the "
        "form's fields, is text.",
    ),
    # -- Archives and mail files received in an inbox (office/_archive.py) -----------
    CodeInfo(
        code="inbox.archive-unsupported",
        severity=E,
        rule="inbox",
        zh="无法打开 {format} 压缩包；请改用 .zip 压缩包或直接发送文件",
        en="{format} archives cannot be opened; send a .zip or the files themselves",
        about="A .7z or .rar archive is not opened (that would take another program): a "
        "unit is asked for what every office can open. A .zip, a .tar (also .tar.gz, "
        ".tgz, .tar.bz2, .tar.xz) and a file gzipped, bzip2'd or xz'd alone are opened, "
        "under the limits every file has. An archive named as a Word form (申报表.docx) "
        "is read as the form it says it is, never looked into, and gets this finding too.",
    ),
    CodeInfo(
        code="inbox.archive-entry-refused",
        severity=E,
        rule="inbox",
        zh="压缩包中的此文件未取出：{reason}",
        en="this file was not taken out of its archive: {reason_en}",
        about="An entry whose path leads out of the archive, a link (symbolic, or a "
        "tar's hard link), a device or FIFO, an encrypted entry, one too large or "
        "compressed beyond any real file, or a second entry of the same name. The rest "
        "of the archive is read.",
    ),
    CodeInfo(
        code="inbox.archive-empty",
        severity=E,
        rule="inbox",
        zh="压缩包中没有可用的文件（是空的，或只有隐藏文件、系统文件），未使用；请发件单位重新发送",
        en="the archive holds no file to use (it is empty, or holds hidden or system files "
        "only); not used: ask the sender to send the files again",
        about="A .zip (or a .tar, a .tar.gz…) with no entry, or with folders, hidden files "
        "(.DS_Store, __MACOSX/) and system files (Thumbs.db) only: what the unit meant to "
        "send did not come.",
    ),
    CodeInfo(
        code="inbox.tnef-unreadable",
        severity=E,
        rule="inbox",
        zh="邮件程序打成的附件包无法打开：{reason}",
        en="the winmail.dat cannot be opened: {reason_en}",
        about="Outlook's winmail.dat (TNEF, known by its first bytes) is opened like a .zip "
        "and its attachments taken out; this one is truncated, damaged, or holds more "
        "attachments than an archive may. Ask the unit for plain attachments.",
    ),
    CodeInfo(
        code="inbox.tnef-no-files",
        severity=W,
        rule="inbox",
        zh="邮件程序打成的附件包中没有可用的文件"
        "（这封以多信息文本格式发送的邮件没有附件，或只有嵌入正文的对象）；"
        "如这封邮件应带来申报材料，请发件单位改用 HTML 或纯文本格式，把文件作为附件重新发送",
        en="Outlook's winmail.dat holds no file to use (this Rich Text mail has no attachment, "
        "or only objects embedded in its text); if the mail was to bring the application's "
        "files, ask the sender to send them again as attachments of a mail in HTML or plain text",
        about='A mail Outlook sent as "Rich Text" packs its attachments in a winmail.dat, '
        "which is opened like a .zip; this one holds none, or only what is not a file the unit "
        "sent (a mail or an OLE object embedded in the text, hidden and system files). As for "
        "a mail with no attachment (`mail.no-attachments`), what the unit meant to send did "
        "not come.",
    ),
    CodeInfo(
        code="inbox.msg-unreadable",
        severity=E,
        rule="inbox",
        zh="邮件程序保存的邮件文件无法打开：{reason}",
        en="the Outlook .msg file cannot be opened: {reason_en}",
        about="An Outlook .msg (a mail dragged out of Outlook or forwarded as an attachment) "
        "is read as the mail it is and its attachments taken out; this one is truncated, "
        "damaged, not an Outlook mail at all, or holds more attachments than an archive may. "
        "Ask for the mail to be forwarded normally, or for its attachments.",
    ),
    CodeInfo(
        code="inbox.archive-too-deep",
        severity=E,
        rule="inbox",
        zh="压缩包嵌套超过 {limit} 层，未继续打开；请发件单位直接发送其中的文件",
        en="archives nested more than {limit} deep; this one was not opened: "
        "ask the sender to send the files it holds directly",
    ),
)
