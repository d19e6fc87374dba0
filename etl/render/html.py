"""HTML as portals serve reports: a CMS article page, or content exported from Word (MsoNormal paragraphs,
runs split into <span>s, the body inside a one-cell layout table, blank rows under the tables)."""
from __future__ import annotations

import html
import random
import re

from etl.extract.record import Record
from etl.render.document import Block, build_document
from etl.render.grid import NBSP, Cell, Table
from etl.render.style import Style, without_spans

CHARSETS = {"utf-8": ("utf-8", "UTF-8"), "gbk": ("gbk", "GBK", "gb2312"), "gb18030": ("gb18030", "GB18030")}


def _text(text: str) -> str:
    return html.escape(text, quote=False).replace(NBSP, "&nbsp;")


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _site(record: Record) -> str:
    """The portal a publisher's report would sit on: its district or city government."""
    publisher = record.publisher or ""
    match = re.match(r"^(.*?[省市区县旗州盟])", publisher)
    return f"{match.group(1)}人民政府" if match else "政务公开平台"


class _Portal:
    """Markup of a CMS editor (TRS_Editor and friends): <p> paragraphs, bordered tables."""

    def __init__(self, rng: random.Random, spans: bool) -> None:
        self.rng, self.spans = rng, spans
        self.heading = rng.choice(("strong", "strong_nbsp", "plain", "br", "h3"))
        self.indent = rng.choice(('<p style="text-indent: 2em;">', "<p>", '<p style="text-indent:2em;line-height:2;">'))
        self.cell_markup = rng.choice(("plain", "p", "p_center", "span"))
        self.header_tag = rng.choice(("td", "td", "th"))
        self.sections = rng.choice(("none", "tbody", "tbody", "thead"))  # row groups of the tables
        self.colon = rng.choice(("：", ":"))
        breaks = ["<br>", "<br />"] + (["</p><p>"] if self.cell_markup in ("p", "p_center") else [])
        self.line_break = rng.choice(breaks)

    def block(self, block: Block, style: Style) -> str:
        """One block's markup, now and then after the empty paragraph editors leave between blocks."""
        empty = self.empty_paragraph if block.kind != "title" and self.rng.random() < 0.1 else ""
        return empty + self.markup(block, style)

    empty_paragraph = "<p>&nbsp;</p>"

    def markup(self, block: Block, style: Style) -> str:
        kind = block.kind
        if kind == "title":
            return self.rng.choice((
                f'<h1 class="title">{_text(block.text)}</h1>',
                f"<p style='text-align: center;font-weight: bold;'>{_text(block.text)}</p>",
                f'<div class="article-title">{_text(block.text)}</div>',
            ))
        if kind == "info":
            return self.info(block)
        if kind == "heading":
            text = _text(block.text)
            return {"strong": f"{self.indent}<strong>{text}</strong></p>",
                    # Pingtan: <strong>&nbsp;一、总体情况</strong>&nbsp;  Shanghai: <p><br />四、…</p>
                    "strong_nbsp": f"{self.indent}<strong>&nbsp;{text}</strong>&nbsp;</p>",
                    "plain": f"<p>{text}</p>", "br": f"<p><br />{text}</p>", "h3": f"<h3>{text}</h3>"}[self.heading]
        if kind in ("para", "subheading"):
            return f"{self.indent}{_text(block.text)}</p>"
        if kind == "signature":
            return "".join(f'<p style="text-align: right;">{_text(line)}</p>' for line in block.lines)
        return self.table(block.table, style)

    def info(self, block: Block) -> str:
        pairs = [(label, _text(value)) for label, value in block.pairs]
        if block.text == "lines":
            return "".join(f"<p>{label}{self.colon}{value}</p>" for label, value in pairs)
        if block.text == "table":
            year = pairs[-1][1][:4] if pairs[-1][1][:4].isdigit() else str(self.rng.randint(2019, 2025))
            code = f"{self.rng.randint(10**8, 10**9 - 1):09d}/{year}-{self.rng.randint(1, 99999):05d}"
            cells = [("索引号", code), ("主题分类", "政务公开")] + pairs
            rows = "".join(
                "<tr>" + "".join(f'<th>{label}：</th><td>{value}</td>' for label, value in cells[i:i + 2]) + "</tr>"
                for i in range(0, len(cells), 2)
            )
            return f'<table class="xxgk-info">{rows}</table>'
        spans = "".join(f"<span>{label}{self.colon}{value}</span>&nbsp;&nbsp;" for label, value in pairs)
        size = '<span class="font">字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span>'
        hits = f"<span>浏览次数{self.colon}<em>{self.rng.randint(30, 9000)}</em></span>"
        return f'<div class="info">{spans}{hits}{size if self.rng.random() < 0.5 else ""}</div>'

    def cell(self, cell: Cell, lines: tuple[str, ...], attrs: str) -> str:
        tag = self.header_tag if cell.kind == "header" else "td"
        body = self.line_break.join(_text(line) for line in lines)
        if self.cell_markup == "p":
            body = f"<p>{body}</p>"
        elif self.cell_markup == "p_center":
            body = f'<p align="center">{body}</p>'
        elif self.cell_markup == "span":
            body = f"<span>{body}</span>"
        return f"<{tag}{attrs}>{body}</{tag}>"

    def table(self, table: Table, style: Style) -> str:
        rows = []
        for row in _table_cells(table, self.spans, style):
            cells = []
            for cell, lines in row:
                attrs = ""
                if self.spans and cell.rowspan > 1:
                    attrs += f' rowspan="{cell.rowspan}"'
                if self.spans and cell.colspan > 1:
                    attrs += f' colspan="{cell.colspan}"'
                if self.rng.random() < 0.3:
                    attrs += f' style="width:{self.rng.randint(30, 220)}px;"'
                cells.append(self.cell(cell, lines, attrs))
            rows.append("<tr>" + "".join(cells) + "</tr>")
        inner = "".join(rows)
        if self.sections == "thead":
            heads = 0
            while heads < len(table.rows) - 1 and all(c.kind in ("header", "pad") for c in table.rows[heads]):
                heads += 1
            inner = f"<thead>{''.join(rows[:heads])}</thead><tbody>{''.join(rows[heads:])}</tbody>"
        elif self.sections == "tbody":
            inner = f"<tbody>{inner}</tbody>"
        opening = self.rng.choice((
            '<table border="1" cellspacing="0" cellpadding="0" align="center">',
            '<table style="border-collapse:collapse;border:none" cellspacing="0" align="center" border="1">',
            '<table width="100%" border="1">',
        ))
        return f"{opening}{inner}</table>"


def _table_cells(table: Table, spans: bool, style: Style):
    """Rows of (cell, printed lines): the HTML cells, or with spans=False the expanded grid."""
    if spans:
        for row in table.rows:
            yield [(cell, cell.lines) for cell in row]
        return
    for row in table.expand():
        out = []
        for slot in row:
            # An unmerged row label is either left blank or repeated in each row it used to span.
            repeated = style.repeat_labels and slot.cell.kind == "label"
            if slot.first_col and (slot.first_row or repeated):
                out.append((slot.cell, slot.cell.lines))
            else:
                out.append((Cell.of("", "pad"), ("",)))
        yield out


_WORD_FONT = ("宋体", "仿宋_GB2312", "仿宋")


class _Word(_Portal):
    """Word's HTML: MsoNormal paragraphs whose text is cut into runs, unquoted attributes, wrapped tags."""

    def __init__(self, rng: random.Random, spans: bool) -> None:
        super().__init__(rng, spans)
        self.font = rng.choice(_WORD_FONT)
        self.soft_break = rng.random() < 0.5  # a two-line header as <br> rather than two paragraphs
        self.spacerun = rng.random() < 0.2  # figures centred by hand with non-breaking spaces
        self.list_numbering = rng.random() < 0.3  # section headings numbered by a Word list

    def runs(self, text: str) -> str:
        """Text cut where Word cuts it: at every switch between ASCII and CJK, and now and then inside."""
        pieces = re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text)
        out = []
        for piece in pieces:
            if piece.isascii():
                out.append(f"<span lang=EN-US style='font-size:12.0pt;font-family:\"Times New Roman\",serif'>"
                           f"{_text(piece)}</span>")
                continue
            parts = [piece]
            if len(piece) > 3 and self.rng.random() < 0.3:
                cut = self.rng.randint(1, len(piece) - 1)
                parts = [piece[:cut], piece[cut:]]
            out.extend(f"<span\nstyle='font-size:12.0pt;font-family:{self.font}'>{_text(p)}</span>" for p in parts)
        return "".join(out)

    def paragraph(self, inner: str, align: str = "", indent: bool = True) -> str:
        style = "text-indent:32.0pt;" if indent else ""
        if align:
            return (f"<p class=MsoNormal align={align} style='text-align:{align};{style}line-height:28.0pt'>"
                    f"{inner}<span lang=EN-US><o:p></o:p></span></p>\n")
        return f"<p class=MsoNormal style='{style}line-height:28.0pt'>{inner}<span lang=EN-US><o:p></o:p></span></p>\n"

    empty_paragraph = "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n"

    def markup(self, block: Block, style: Style) -> str:
        kind = block.kind
        if kind == "title":
            return self.paragraph(f"<b>{self.runs(block.text)}</b>", "center", indent=False)
        if kind == "info":
            return "".join(self.paragraph(self.runs(f"{label}{self.colon}{value}"), "center", indent=False)
                           for label, value in block.pairs)
        if kind == "heading":
            numeral, comma, title = block.text.partition("、")
            if self.list_numbering and comma and numeral:
                # Word's automatic list numbering: the number in an mso-list:Ignore span, then a tab's spaces
                number = (f"<span style='mso-list:Ignore'>{_text(numeral)}、<span style='font:7.0pt "
                          "\"Times New Roman\"'>&nbsp;&nbsp;&nbsp; </span></span>")
                return self.paragraph(f"<b>{number}{self.runs(title)}</b>")
            return self.paragraph(f"<b>{self.runs(block.text)}</b>")
        if kind in ("para", "subheading"):
            return self.paragraph(self.runs(block.text))
        if kind == "signature":
            return "".join(self.paragraph(self.runs(line), "right", indent=False) for line in block.lines)
        return self.table(block.table, style)

    def word_cell(self, lines: tuple[str, ...], kind: str = "label") -> str:
        para = "<p class=MsoNormal align=center style='text-align:center'>{}</p>"
        texts = [line for line in lines if line.strip(NBSP + " ")]
        if not texts:
            return para.format("<span lang=EN-US><o:p>&nbsp;</o:p></span>")
        if kind == "value" and self.spacerun:
            spaces = "<span lang=EN-US><span style='mso-spacerun:yes'>&nbsp;&nbsp; </span></span>"
            return para.format(spaces + self.runs(texts[0]) + "<span lang=EN-US><o:p></o:p></span>")
        if self.soft_break:
            inner = "<span lang=EN-US><br>\n</span>".join(self.runs(t) for t in texts)
            return para.format(inner + "<span lang=EN-US><o:p></o:p></span>")
        return "\n".join(para.format(self.runs(t) + "<span lang=EN-US><o:p></o:p></span>") for t in texts)

    def table(self, table: Table, style: Style) -> str:
        rows = []
        grid_width = table.width
        border = "border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt"
        for index, row in enumerate(_table_cells(table, self.spans, style)):
            cells = []
            for cell, lines in row:
                attrs = f" width={self.rng.randint(40, 200)}"
                if self.spans and cell.rowspan > 1:
                    attrs += f" rowspan={cell.rowspan}"
                if self.spans and cell.colspan > 1:
                    attrs += f" colspan={cell.colspan}"
                cells.append(f" <td{attrs}\n  style='{border}'>\n  {self.word_cell(lines, cell.kind)}\n  </td>\n")
            rows.append(f" <tr style='mso-yfti-irow:{index};height:22.0pt'>\n{''.join(cells)} </tr>\n")
        for extra in range(1 + self.rng.randrange(2)):
            blank = self.word_cell(("",))
            cells = "".join(f" <td width=40 style='{border}'>\n  {blank}\n  </td>\n" for _ in range(grid_width))
            rows.append(f" <tr style='mso-yfti-irow:{len(rows) + extra};height:22.0pt'>\n{cells} </tr>\n")
        widths = "".join(f"  <td width={self.rng.randint(30, 120)} style='border:none'></td>\n" for _ in range(grid_width))
        rows.append(f" <![if !supportMisalignedColumns]>\n <tr height=0>\n{widths} </tr>\n <![endif]>\n")
        return ("<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0\n"
                " style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
                "mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n"
                f"{''.join(rows)}</table>\n</div>\n")


def _charset_meta(label: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f'<meta charset="{label}">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'


def _neighbours(record: Record, rng: random.Random) -> str:
    """上一篇 / 下一篇: the links to the column's other reports that portals print under an article."""
    if not record.title or not record.year or rng.random() < 0.4:
        return ""
    others = [f"{_site(record)}{record.year - 1}年政府信息公开工作年度报告",
              f"{_site(record)}办公室{record.year}年政府信息公开工作年度报告"]
    links = "".join(f'<p>{label}：<a href="./t{rng.randint(10**7, 10**8 - 1)}.html">{_text(title)}</a></p>'
                    for label, title in zip(("上一篇", "下一篇"), others, strict=True))
    return f'<div class="pre-next">{links}</div>\n'


def _portal_page(record: Record, content: str, charset_meta: str, rng: random.Random) -> str:
    site = _site(record)
    head = [charset_meta, '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
            f"<title>{_text(record.title or '政府信息公开年报')}_{_text(site)}</title>",
            f'<meta name="SiteName" content="{_attr(site)}">',
            '<meta name="ColumnName" content="政府信息公开年报">']
    if record.title:
        head.append(f'<meta name="ArticleTitle" content="{_attr(record.title)}">')
    if record.publish_date:
        when = record.publish_date + (f" {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}" if rng.random() < 0.7 else "")
        head.append(f'<meta name="PubDate" content="{_attr(when)}">')
    if record.publisher:
        head.append(f'<meta name="ContentSource" content="{_attr(record.publisher)}">')
    head.append('<link rel="stylesheet" type="text/css" href="/images/common.css">')
    nav = "".join(f'<li><a href="/{path}/">{name}</a></li>'
                  for path, name in (("zwgk", "政务公开"), ("zwfw", "政务服务"), ("hdjl", "互动交流")))
    tools = ('<div class="tools">【<a href="javascript:window.print()">打印本页</a>】'
             '【<a href="javascript:window.close()">关闭窗口</a>】</div>\n')
    body = (
        f'<div class="header"><div class="logo"><a href="/">{_text(site)}</a></div>'
        f'<ul class="nav"><li><a href="/">首页</a></li>{nav}</ul></div>\n'
        '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
        '<a href="/zwgk/ndbg/">政府信息公开年报</a></div>\n'
        f'<div class="article">\n{content}\n{tools if rng.random() < 0.5 else ""}{_neighbours(record, rng)}</div>\n'
        f'<div class="footer"><p>{_text(site)}版权所有　网站标识码：{rng.randint(10**9, 10**10 - 1)}</p>'
        f'<p><a href="https://beian.miit.gov.cn/">ICP备{rng.randint(10**7, 10**8 - 1)}号</a></p></div>'
    )
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n" + "\n".join(head) + "\n</head>\n<body>\n"
            + body + "\n</body>\n</html>\n")


def _plain_page(record: Record, content: str, charset_meta: str) -> str:
    title = f"<title>{_text(record.title)}</title>" if record.title else ""
    return f"<html>\n<head>\n{charset_meta}\n{title}\n</head>\n<body>\n{content}\n</body>\n</html>\n"


def _word_page(record: Record, content: str, charset_label: str) -> str:
    title = f"<title>{_text(record.title)}</title>\n" if record.title else ""
    return (
        '<html xmlns:v="urn:schemas-microsoft-com:vml"\nxmlns:o="urn:schemas-microsoft-com:office:office"\n'
        'xmlns:w="urn:schemas-microsoft-com:office:word"\nxmlns="http://www.w3.org/TR/REC-html40">\n\n<head>\n'
        f'<meta http-equiv=Content-Type content="text/html; charset={charset_label}">\n'
        "<meta name=ProgId content=Word.Document>\n<meta name=Generator content=\"Microsoft Word 15\">\n"
        f"<meta name=Originator content=\"Microsoft Word 15\">\n{title}"
        "<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>admin</o:Author>\n"
        "  <o:Pages>6</o:Pages>\n </o:DocumentProperties>\n</xml><![endif]-->\n"
        "<style>\n<!--\n /* Style Definitions */\n p.MsoNormal, li.MsoNormal, div.MsoNormal\n"
        "\t{margin:0cm;text-align:justify;text-justify:inter-ideograph;font-size:10.5pt;\n"
        "\tfont-family:\"Calibri\",sans-serif;}\n@page WordSection1\n\t{size:595.3pt 841.9pt;}\n"
        "div.WordSection1\n\t{page:WordSection1;}\n-->\n</style>\n</head>\n\n"
        "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n\n"
        f"<div class=WordSection1 style='layout-grid:15.6pt'>\n\n{content}\n</div>\n\n</body>\n\n</html>\n"
    )


def _rng(seed: int | random.Random) -> random.Random:
    return seed if isinstance(seed, random.Random) else random.Random(seed)


def render_html(record: Record, *, charset: str = "utf-8", spans: bool = True, word: bool = False,
                meta: bool = True, seed: int | random.Random = 0, **options: object) -> bytes:
    """The report as an HTML page encoded in `charset` (utf-8, gbk, gb18030), declared in a <meta>.

    spans: tables keep their rowspan/colspan (False: the grid spelled out cell by cell);
    word: the content is Word-exported HTML; meta: a portal page whose <meta> tags and info line carry
    the title, date and publisher (False: a bare page, or Word's own file when `word`).
    `options` pin any field of Style; the rest is drawn from `seed`.
    """
    codec = charset.lower()
    if codec not in CHARSETS:
        raise ValueError(f"unsupported charset {charset!r}; use one of {sorted(CHARSETS)}")
    rng = _rng(seed)
    style = Style.draw(rng, "html", **options)
    if not spans:
        style = without_spans(style)
    blocks = build_document(record, style, rng, head_meta=meta)
    markup = _Word(rng, spans) if word else _Portal(rng, spans)
    if word:
        content = "\n".join(markup.block(block, style) for block in blocks)
        content = ("<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=\"100%\">\n"
                   f"<tr>\n<td valign=top style='padding:0cm 5.4pt 0cm 5.4pt'>\n{content}\n</td>\n</tr>\n</table>")
    else:
        # A CMS prints the title and info line itself, above the editor's content.
        head = 0
        while meta and head < len(blocks) and blocks[head].kind in ("title", "info"):
            head += 1
        top = [markup.block(block, style) for block in blocks[:head]]
        body = "\n".join(markup.block(block, style) for block in blocks[head:])
        content = "\n".join([*top, f'<div class="TRS_Editor">\n{body}\n</div>'])
    label = rng.choice(CHARSETS[codec])

    def assemble(label: str) -> str:
        if word and not meta:
            return _word_page(record, content, label)
        charset_meta = _charset_meta(label, random.Random(rng.random()))
        if meta:
            return _portal_page(record, content, charset_meta, random.Random(rng.random()))
        return _plain_page(record, content, charset_meta)

    state = rng.getstate()
    page = assemble(label)
    if label == "gb2312":
        try:
            page.encode("gb2312")
        except UnicodeEncodeError:
            rng.setstate(state)
            page = assemble("gbk")
    return page.encode(codec, errors="xmlcharrefreplace")
