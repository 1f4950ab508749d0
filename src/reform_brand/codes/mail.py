"""Finding codes of mail as intake (.eml, .mbox, Maildir, IMAP)."""

from __future__ import annotations

from typing import Final

from reform_brand.codes._info import CodeInfo, E, I, W

ENTRIES: Final[tuple[CodeInfo, ...]] = (
    # -- Mail as intake (office/_mail.py, office/_mail_units.py) -------------------
    CodeInfo(
        code="mail.unreadable",
        severity=E,
        rule="mail",
        zh="无法读取邮件：{detail}",
        en="cannot read the mail: {detail}",
        about="The mail, the .mbox or the Maildir could not be read at all; the other "
        "mails of the source are still read.",
    ),
    CodeInfo(
        code="mail.too-large",
        severity=E,
        rule="mail",
        zh="邮件过大（超过上限 {limit} 字节），未读取",
        en="the mail is too large (over the limit of {limit} bytes); not read",
        about="A mail larger than the limit every received file has (64 MiB) is not read.",
    ),
    CodeInfo(
        code="mail.too-many-mails",
        severity=E,
        rule="mail",
        zh="邮箱中的邮件超过 {limit} 封，其余未读取",
        en="the mailbox holds more than {limit} mails; the rest were not read",
    ),
    CodeInfo(
        code="mail.too-many-parts",
        severity=E,
        rule="mail",
        zh="邮件的 MIME 部分超过 {limit} 个，其余部分已跳过",
        en="the mail has more than {limit} MIME parts; the rest were skipped",
        about="A mail bomb: the skipped parts are in the ledger with this code.",
    ),
    CodeInfo(
        code="mail.too-deep",
        severity=E,
        rule="mail",
        zh="邮件嵌套超过 {limit} 层，更深的部分已跳过",
        en="the mail is nested more than {limit} levels deep; deeper parts were skipped",
        about="Multiparts and forwarded mails nested deeper than the limit are skipped.",
    ),
    CodeInfo(
        code="mail.parts-too-large",
        severity=E,
        rule="mail",
        zh="邮件附件总计超过 {limit} 字节，其余附件已跳过",
        en="the mail's attachments exceed {limit} bytes in all; the rest were skipped",
    ),
    CodeInfo(
        code="mail.attachment-kept-apart",
        severity=E,
        rule="mail",
        zh="苹果“邮件”应用把附件 {name} 与邮件分开存放（{folder}），收到的文件中没有它，"
        "已跳过：请连同存放附件的文件夹一起导出或压缩",
        en="Apple Mail kept the attachment {name} apart from the mail ({folder}) and it is not "
        "among the files received; skipped: export or zip the mail with its Attachments folder",
        about="A .partial.emlx whose attachment's file is not beside it: the mail keeps only "
        "the attachment's headers, never read as an empty file.",
    ),
    CodeInfo(
        code="mail.mime-defect",
        severity=W,
        rule="mail",
        zh="邮件格式有误（{defects}），已尽量读取",
        en="the mail's MIME structure is broken ({defects}); read as far as possible",
        about="The parser's defect classes are named; check the attachments by hand.",
    ),
    CodeInfo(
        code="mail.encrypted",
        severity=E,
        rule="mail",
        zh="邮件已加密，没有收件人的私钥无法读取其中的正文和附件：请该单位不加密重新发送",
        en="the mail is encrypted (S/MIME): its text and attachments cannot be read without "
        "the recipient's private key; ask the unit to send it again unencrypted",
        about="An S/MIME mail in one part (smime.p7m) that is encrypted, not only signed: "
        "its ledger row is unreadable with this code. A signed one is opened and read.",
    ),
    CodeInfo(
        code="mail.charset-unknown",
        severity=W,
        rule="mail",
        zh="未知字符集“{charset}”（{where}），已按 UTF-8 或 GB18030 读取",
        en="unknown charset '{charset}' ({where}); read as UTF-8 or GB18030",
    ),
    CodeInfo(
        code="mail.attachment-unnamed",
        severity=W,
        rule="mail",
        zh="附件（第 {part} 部分）没有文件名，已命名为“{name}”",
        en="an attachment (part {part}) has no name; it was named '{name}'",
    ),
    CodeInfo(
        code="mail.attachment-duplicate",
        severity=I,
        rule="mail",
        zh="附件（第 {part} 部分）与“{name}”内容相同，只算一份",
        en="an attachment (part {part}) is the same file as '{name}'; it counts once",
        about="The same file attached twice (under its name or another, or again in a "
        "forwarded mail) is one received file, not two submissions of the unit.",
    ),
    CodeInfo(
        code="mail.attachment-linked",
        severity=W,
        rule="mail",
        zh="邮件正文中有超大附件或网盘文件的下载链接，这些文件没有随邮件收到；请在链接失效前下载，"
        "放入收件箱后重新检查",
        en="the mail's body links to large attachments on a webmail's download page or to "
        "files on a cloud drive; those files did not come with the mail: download them before "
        "the links expire, put them in the inbox and check again",
        about="QQ Mail and NetEase mail (163, 126) send large files as links (超大附件, "
        "云附件) that expire after some days, and a unit may share its files from a cloud "
        "drive (百度网盘, 微云, OneDrive…) instead; the mail may then have no attachments at all.",
    ),
    CodeInfo(
        code="mail.forwarded",
        severity=I,
        rule="mail",
        zh="附件来自这封邮件转发的邮件（{where}，原发件人 {sender}，"
        "原邮件到达时间 {sent}）；截止时间按这封转发邮件的到达时间判断",
        en="the attachments came in a mail this one forwards ({where}, from {sender}, "
        "arrived {sent}); the deadline is judged by the arrival of the forwarding mail",
        about="A colleague who forwards a unit's mail: the original's sender and arrival are "
        "said so that the clerk can judge a mail forwarded after the deadline. `part` is the "
        "MIME part of a mail forwarded inline (2, 1.2), or the name of the file a mail was "
        "forwarded as (an .eml, a .msg); `where` says which, in words.",
    ),
    CodeInfo(
        code="mail.part-ignored",
        severity=I,
        rule="mail",
        zh="邮件部分未使用（正文的网页副本、正文中的图片、名片、日程邀请、签名、苹果电脑附加的文件头、"
        "回执、退信退回的原邮件）",
        en="a part of the mail was not used (the body's HTML copy, a picture in the body, "
        "a contact card, a calendar invitation, a signature, a Mac file header, a receipt, "
        "the mail a bounce returns)",
        about="Appears in the ledger only, as the code of parts that carry no received file.",
    ),
    CodeInfo(
        code="mail.copy",
        severity=I,
        rule="mail",
        zh="与 {first} 是同一封邮件（邮件标识和附件都相同），只算一次",
        en="the same mail as {first} (the same Message-ID and attachments); counted once",
        about="A mail saved twice in a mailbox, delivered to two of the office's addresses "
        "or exported from two folders: the copy that arrived first is checked, the others "
        "are ledger rows with this code. A mail the unit sent again is another mail.",
    ),
    CodeInfo(
        code="mail.deleted",
        severity=I,
        rule="mail",
        zh="这封邮件已被删除（{how}），不算收到的申报：发件人 {sender}，主题“{subject}”，"
        "收到时间 {date}",
        en="the mail was deleted ({how}); it is not counted as received: from {sender}, "
        "subject '{subject}', arrived {date}",
        about="A mailbox keeps a deleted mail until it is compacted or expunged: Thunderbird's "
        "X-Mozilla-Status (0x0008) and X-Mozilla-Status2 (0x00200000), a D in Status or "
        "X-Status (mutt), a T in a Maildir file name's flags. The mail is a ledger row with "
        "this code; undelete it in the mail client and check again if it should count.",
    ),
    CodeInfo(
        code="mail.empty",
        severity=W,
        rule="mail",
        zh="邮件来源中没有邮件：邮件文件或邮件夹是空的，或者这不是邮件客户端导出的邮件文件",
        en="the mail source holds no mail (the mail file or folder is empty; each mail of an "
        ".mbox starts at a line that begins with 'From ')",
        about="An .mbox or a Maildir in which no mail was found: an export of the wrong "
        "file, or a folder with no mail fetched yet. Nothing was checked from it.",
    ),
    CodeInfo(
        code="mail.folder-not-received",
        severity=W,
        rule="mail",
        zh="邮件来源是“{folder}”文件夹，其中是已发送、草稿、已删除或垃圾邮件，不是收到的申报；"
        "其中的邮件仍已读取，请逐一核对（被当作垃圾邮件的申报，请移回收件箱后再检查）",
        en="the mail source is the folder '{folder}', of sent, draft, deleted or junk mail, "
        "not of received applications; its mails were read all the same: check each (move an "
        "application the junk filter took to the inbox and check again)",
        about="Known by the folder's name, as mail clients and servers name them (Sent, "
        "Drafts, Trash, Junk, Templates, Outbox, 已发送, 草稿箱, 已删除, 垃圾邮件 ...).",
    ),
    CodeInfo(
        code="mail.subfolders-not-read",
        severity=W,
        rule="mail",
        zh="只读取了这个邮件夹本身，没有读取其中的子文件夹：{folders}；"
        "如果有申报邮件被归入其中，请单独检查那个文件夹",
        en="only the Maildir itself was read, not its sub-folders: {folders}; check a "
        "sub-folder on its own if applications were filed into it",
        about="A Maildir++ tree (Dovecot, Courier) keeps each folder as a sub-folder .NAME "
        "(its name in IMAP's modified UTF-7, shown decoded). The sub-folders of sent, draft, "
        "deleted and junk mail are left unread and unnamed.",
    ),
    CodeInfo(
        code="mail.no-attachments",
        severity=W,
        rule="mail",
        zh="{received}没有带来任何文件（没有附件，或只有清单）",
        en="{received} brought no file (no attachment, or nothing but its manifest)",
        about="A mail with no attachments; also an e-mail folder, an archive or a folder of "
        "an inbox that holds nothing but its manifest (`received` says what it was received "
        "as: `mail`, `archive` or `folder`, as for `inbox.no-form`).",
    ),
    CodeInfo(
        code="mail.arrival-from-date",
        severity=W,
        rule="mail",
        zh="邮件没有可读的 Received 头，收到时间取自发件人填写的 Date 头",
        en="the mail has no readable Received header; the arrival time is the sender's Date",
        about="Date is the sender's clock, not the office server's reception time.",
    ),
    CodeInfo(
        code="mail.arrival-unknown",
        severity=W,
        rule="mail",
        zh="邮件的 Received 头和 Date 头都没有可读的时间，收到时间未知",
        en="neither a Received nor a Date header of the mail carries a readable time; "
        "the arrival time is unknown",
        about="The headers are missing, or they are there and their dates cannot be read.",
    ),
    CodeInfo(
        code="mail.received-unreadable",
        severity=W,
        rule="mail",
        zh="最上面 {skipped} 个 Received 头没有可读的时间，已取下一个",
        en="the topmost {skipped} Received header(s) carry no readable time; the next was used",
    ),
    CodeInfo(
        code="mail.received-fetched",
        severity=I,
        rule="mail",
        zh="最上面 {skipped} 个 Received 头是收信程序从服务器取信时写的，"
        "不是服务器收到的时间，已略过",
        en="the topmost {skipped} Received header(s) were written by a program fetching the "
        "mail from the server (POP3, IMAP), not by the server receiving it; passed over",
        about="fetchmail and getmail date their own header when they fetch a mail, which may "
        "be days after it arrived; the server's reception below it is the arrival time.",
    ),
    CodeInfo(
        code="mail.unit-guessed",
        severity=W,
        rule="mail",
        zh="发件人 {sender} 不在名单的邮箱中；根据{where}认定为“{unit}”",
        en="the sender {sender} is not a roster mailbox; taken as '{unit}' from the {where}",
        about="Add the address to the unit's mailboxes in the roster to make it certain.",
    ),
    CodeInfo(
        code="mail.unit-ambiguous",
        severity=W,
        rule="mail",
        zh="发件人 {sender} 不在名单的邮箱中；{where}中出现多个单位：{units}",
        en="the sender {sender} is not a roster mailbox; the {where} names several units: {units}",
    ),
    CodeInfo(
        code="mail.unit-unknown",
        severity=W,
        rule="mail",
        zh="无法确定发件人 {sender} 所属的单位",
        en="cannot tell which unit the sender {sender} is",
    ),
)
