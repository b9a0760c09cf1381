#!/usr/bin/env python3
"""Re-shape forms into the text shapes of variants.md section 3.

  reshape.py XLSX OUTDIR      one file per shape: OUTDIR/STEM.SHAPE.txt
                              (tabs, quoted, layout, pipes, cells, line), from the
                              sheets of a workbook jixiao wrote
                              and the tables pandoc draws in Markdown and
                              reStructuredText (multiline, grid)
  reshape.py --text TXT OUTDIR  the same from text already in the
                              cells-per-line or pipes shape (the real forms)

Python 3 standard library only: the workbook is read as the zip of XML it is.
Merged cells show once (at their top-left), as web pages and PDF extractors
show them; tab-separated rows keep every position, as a spreadsheet's export.
"""
import os
import re
import sys
import unicodedata
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1, int(ref[len(letters):]) - 1


def read_xlsx(path):
    """Sheets as (name, rows, covered): rows a list of lists of text,
    covered the (row, col) hidden under a merged cell, each mapped to the
    merged range (top, left, bottom, right)."""
    z = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    sheets = []
    for s in book.find("m:sheets", NS):
        t = target[s.get(REL)].lstrip("/")
        t = t if t.startswith("xl/") else "xl/" + t
        root = ET.fromstring(z.read(t))
        cells = {}
        for c in root.iter("{%s}c" % NS["m"]):
            col, row = col_index(c.get("r"))
            v = c.find("m:v", NS)
            text = None
            if c.get("t") == "s" and v is not None:
                text = strings[int(v.text)]
            elif c.get("t") == "inlineStr":
                text = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
            elif v is not None:
                text = v.text
            if text is not None and text.strip():
                cells[(row, col)] = text.strip()
        covered = {}
        for m in root.iter("{%s}mergeCell" % NS["m"]):
            a, b = m.get("ref").split(":")
            (c0, r0), (c1, r1) = col_index(a), col_index(b)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        covered[(r, c)] = (r0, c0, r1, c1)
        h = max((r for r, _ in cells), default=-1) + 1
        w = max((c for _, c in cells), default=-1) + 1
        rows = [[cells.get((r, c), "") for c in range(w)] for r in range(h)]
        sheets.append((s.get("name"), rows, covered))
    return sheets


def shown(rows, covered):
    """Rows with merged continuations removed (web-page / PDF view)."""
    return [[v for c, v in enumerate(row) if (r, c) not in covered] for r, row in enumerate(rows)]


def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def flat(v):
    return " ".join(v.split())


def tabs(sheets):
    return "\n\n".join("\n".join("\t".join(flat(v) for v in row).rstrip("\t") for row in rows)
                       for _, rows, _ in sheets) + "\n"


def quoted(sheets):
    """Tab-separated rows as Excel, WPS and LibreOffice copy or save a sheet
    as text: a cell holding a line break, a tab or a quote in double quotes,
    its quotes doubled (so a row may span lines)."""
    def cell(v):
        v = v.strip()
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in '\n\t"') else v
    return "\n\n".join("\n".join("\t".join(cell(v) for v in row).rstrip("\t") for row in rows)
                       for _, rows, _ in sheets) + "\n"


def pipes(sheets):
    out = []
    for _, rows, covered in sheets:
        for row in shown(rows, covered):
            if any(row):
                out.append("| " + " | ".join(flat(v) for v in row) + " |")
        out.append("")
    return "\n".join(out) + "\n"


def html2text(sheets):
    """Rows as Python's html2text writes a web page's table: cells apart by
    `| ` with no space before, merged cells shown once, a cell's own line
    breaks kept (so a row may span lines), Markdown's two trailing spaces."""
    out = []
    for _, rows, covered in sheets:
        for row in shown(rows, covered):
            while row and not row[-1]:
                row = row[:-1]
            if row:
                text = "| ".join("\n".join(l.strip() for l in v.splitlines()) for v in row)
                out.extend(l + "  " for l in text.split("\n"))
        out.append("")
    return "\n".join(out) + "\n"


def cells(sheets):
    out = []
    for _, rows, covered in sheets:
        for row in shown(rows, covered):
            while row and not row[-1]:
                row = row[:-1]
            for v in row:
                out.append(flat(v) + " |" if v else "|")
    return "\n".join(out) + "\n"


def line(sheets):
    words = ["文件 元数据 2024-01-01T00:00:00Z 1 False"]
    for _, rows, _ in sheets:
        for row in rows:
            words.extend(flat(v) for v in row if v)
    return " ".join(words) + "\n"


def glued(sheets):
    """Cells run together with no separator at all, one line per form (a
    sheet), as document-sharing sites print a table's text: a cell's own
    white space goes too, merged cells show once."""
    out = []
    for _, rows, covered in sheets:
        out.append("".join("".join(v.split()) for row in shown(rows, covered) for v in row))
    return "\n".join(out) + "\n"


def layout(sheets):
    """Columns aligned with spaces, each column as wide as its widest cell
    (as pdftotext -layout prints a table); long cells are cut into lines."""
    out = []
    for _, rows, covered in sheets:
        w = max((len(r) for r in rows), default=0)
        limit = 40
        widths = [0] * w
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v and (r, c) not in covered:
                    widths[c] = max(widths[c], min(width(flat(v)), limit))
        for r, row in enumerate(rows):
            parts = []
            for c, v in enumerate(row):
                v = flat(v)
                chunks = []
                while width(v) > limit:
                    cut = 0
                    while width(v[:cut + 1]) <= limit:
                        cut += 1
                    chunks.append(v[:cut])
                    v = v[cut:]
                chunks.append(v)
                parts.append(chunks)
            height = max((len(p) for p in parts), default=1)
            for k in range(height):
                text = ""
                for c, chunks in enumerate(parts):
                    piece = chunks[k] if k < len(chunks) else ""
                    text += piece + " " * (widths[c] - width(piece) + 3)
                if text.strip():
                    out.append(text.rstrip())
        out.append("")
    return "\n".join(out) + "\n"


def wrap(v, limit):
    """A cell's text cut into lines no wider than `limit` (display
    columns), between words or between Chinese characters, as pandoc
    wraps a table cell."""
    lines, cur = [], ""
    for word in re.findall(r"[A-Za-z0-9.,%()\-]+|\s+|.", flat(v)):
        if word.isspace():
            word = " "
        if width(cur + word) > limit and cur.strip():
            lines.append(cur.rstrip())
            cur = "" if word == " " else word
        else:
            cur += word
    if cur.strip() or not lines:
        lines.append(cur.rstrip())
    return lines


def md_cell(v):
    """Text as pandoc's Markdown writes it: a dash as ---, `*` escaped."""
    return flat(v).replace("*", "\\*").replace("—", "---")


def multiline(sheets):
    """Pandoc's Markdown multiline tables with no heading, one per sheet
    under its name (pandoc of a workbook's HTML): columns marked by runs of
    dashes, merged cells shown once and the rest of them empty, cells
    wrapped at the column's width, rows apart by blank lines, the title in
    bold."""
    out = []
    for n, (name, rows, covered) in enumerate(sheets, 1):
        out += [f"# Sheet {n}: *{name}*", ""]
        w = max((len(r) for r in rows), default=0)
        widths = [6] * w
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v and (r, c) not in covered:
                    widths[c] = max(widths[c], min(width(flat(v)), 24))
        ruler = "  " + " ".join("-" * x for x in widths)
        out.append(ruler)
        for r, row in enumerate(rows):
            cells = [wrap(md_cell(v), widths[c]) if (r, c) not in covered else [""]
                     for c, v in enumerate(row)]
            if r == 0 and row and row[0]:
                cells[0] = [f"**{md_cell(row[0])}**"]
            height = max((len(x) for x in cells), default=1)
            for k in range(height):
                text = "  " + "".join((x[k] if k < len(x) else "") + " " * (widths[c] - width(x[k] if k < len(x) else "") + 1)
                                      for c, x in enumerate(cells))
                out.append(text.rstrip())
            out.append("")
        out[-1] = ruler
        out.append("")
    return "\n".join(out) + "\n"


def merges(rows, covered):
    """Each position's cell: (top, left, bottom, right) inclusive."""
    h, w = len(rows), max((len(r) for r in rows), default=0)
    owner = {(r, c): (r, c, r, c) for r in range(h) for c in range(w)}
    for pos, rng in covered.items():
        if rng[2] < h and rng[3] < w:
            owner[pos] = owner[rng[:2]] = rng
    return owner


def grid(sheets):
    """Grid tables as pandoc 3 and reStructuredText draw them: `+---+`
    borders, `|` sides, a merged cell one box over its columns and rows
    (no border or side inside it), text wrapped in narrow columns."""
    out = []
    for name, rows, covered in sheets:
        h, w = len(rows), max((len(r) for r in rows), default=0)
        if not h or not w:
            continue
        owner = merges(rows, covered)
        widths = [8] * w
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v and owner[(r, c)][:2] == (r, c) and owner[(r, c)][3] == c:
                    widths[c] = max(widths[c], min(width(flat(v)), 14))
        span_w = lambda c0, c1: sum(widths[c0:c1 + 1]) + 3 * (c1 - c0)
        texts = {}
        heights = [1] * h
        for (r, c), o in owner.items():
            if o[:2] == (r, c):
                texts[o] = wrap(rows[r][c] if c < len(rows[r]) else "", span_w(c, o[3]))
                heights[r] = max(heights[r], len(texts[o]))

        def border(r):
            # The line above row r (r == h: the bottom line).
            line = ""
            for c in range(w):
                up = owner.get((r - 1, c)) if r > 0 else None
                down = owner.get((r, c)) if r < h else None
                cut = up is None or down is None or up != down
                left_up = owner.get((r - 1, c - 1)) if r > 0 and c > 0 else None
                left_down = owner.get((r, c - 1)) if r < h and c > 0 else None
                left_cut = c > 0 and (left_up is None or left_down is None or left_up != left_down)
                side_up = c == 0 or r == 0 or up != left_up
                side_down = c == 0 or r == h or down != left_down
                if cut or left_cut:
                    corner = "+"
                elif side_up or side_down:
                    corner = "|"
                else:
                    corner = " "
                line += corner + ("-" * (widths[c] + 2) if cut else " " * (widths[c] + 2))
            return line + ("+" if cut else "|")

        for r in range(h):
            out.append(border(r))
            for k in range(heights[r]):
                line = ""
                c = 0
                while c < w:
                    o = owner[(r, c)]
                    side = "|" if c == 0 or owner[(r, c - 1)] != o else " "
                    piece = ""
                    if o[0] == r and o[1] == c:
                        lines = texts[o]
                        piece = lines[k] if k < len(lines) else ""
                    if o[1] == c:
                        cw = span_w(c, o[3])
                        line += side + " " + piece + " " * (cw - width(piece)) + " "
                        c = o[3] + 1
                    else:
                        c += 1
                out.append(line + "|")
        out.append(border(h))
        out.append("")
    return "\n".join(out) + "\n"


SHAPES = {"tabs": tabs, "quoted": quoted, "layout": layout, "pipes": pipes, "cells": cells, "line": line}


def sheets_from_text(path):
    """A cells-per-line or pipes text as one sheet of rows (row ends as the
    text shows them: one row per line)."""
    rows = []
    for raw in open(path, encoding="utf-8"):
        t = raw.strip()
        if not t:
            continue
        if t == "|":
            rows.append([""])
            continue
        inner = t[1:] if t.startswith("|") else t
        inner = inner[:-1] if inner.endswith("|") else inner
        rows.append([c.strip() for c in inner.split("|")])
    return [("text", rows, {})]


# Cells run together with no separator (document-sharing sites), one line
# per form.
SHAPES["glued"] = glued
# Tables drawn with characters (pandoc's Markdown and reStructuredText).
SHAPES["multiline"] = multiline
SHAPES["grid"] = grid
SHAPES["html2text"] = html2text


def main(argv):
    if len(argv) == 4 and argv[1] == "--text":
        src, outdir = argv[2], argv[3]
        sheets = sheets_from_text(src)
        shapes = {k: v for k, v in SHAPES.items() if k in ("cells", "line", "pipes", "glued")}
    elif len(argv) == 3:
        src, outdir = argv[1], argv[2]
        sheets = read_xlsx(src)
        shapes = SHAPES
    else:
        sys.exit(__doc__)
    os.makedirs(outdir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(src))[0]
    for name, fn in shapes.items():
        with open(os.path.join(outdir, f"{stem}.{name}.txt"), "w", encoding="utf-8") as f:
            f.write(fn(sheets))


if __name__ == "__main__":
    main(sys.argv)
