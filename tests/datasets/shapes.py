"""Pathological uploads, generated at any size: the corpus for test_pathological.py
(small sizes) and bench/pathological.py (1 to 50 MB).

Each shape is a function of a target size in bytes returning the file's bytes;
the files come out near that size (never committed). `EXPECTED` says what the
import must do with each: "ok" (imports) or a fragment of the refusal's message
(or a tuple of those: either, depending on the size).
"""

import io
import json
import zipfile
from xml.sax.saxutils import escape


def single_line(size):
    """One line, no line end at all (the 2 MB single-line upload)."""
    return b"a," + b"x" * max(size - 2, 1)


def long_lines(size):
    """A real table whose lines are 20 KB each."""
    line = "," + "y" * 20_000 + "\n"
    rows = max(size // len(line), 1)
    return ("id,text\n" + "".join(f"{i}{line}" for i in range(rows))).encode()


def long_cell(size):
    """One quoted cell of most of the file (past the csv module's 128 Ki cell limit)."""
    return b'id,text\n1,"' + b"z" * max(size - 12, 1) + b'"\n'


def many_columns(size):
    """A header of tens of thousands of columns."""
    count = max(size // 8, 2)
    return (",".join(f"c{i}" for i in range(count)) + "\n").encode()


def cr_only(size):
    """Old Mac line ends: "\r" alone."""
    rows = max(size // 16, 1)
    return ("k,v\r" + "".join(f"r{i},{i}\r" for i in range(rows))).encode()


def nul_late(size):
    """A table with a NUL byte after the first 4 KB (past the binary sniff)."""
    body = "".join(f"r{i},{i}\n" for i in range(max(size // 10, 600)))
    return b"k,v\n" + body.encode() + b"bad\x00row,1\n"


def normal_csv(size):
    """A plain table: the yardstick for the shapes above."""
    rows = max(size // 24, 1)
    return ("id,name,value\n" + "".join(f"{i},name {i},{i * 1.5}\n" for i in range(rows))).encode()


def json_many_keys(size):
    """One record with a distinct key for every ~14 bytes."""
    count = max(size // 14, 300)
    return json.dumps([{f"k{i}": i for i in range(count)}]).encode()


def json_deep(size):
    """An array nested as deep as the file is long."""
    depth = max(size // 2, 100_000)
    return b"[" * depth + b"]" * depth


def json_nested_value(size):
    """A record whose one value nests deeply."""
    depth = max(size // 2, 10_000)
    return b'[{"a": ' + b"[" * depth + b"]" * depth + b"}]"


def json_records(size):
    """Plain flat records, with lone surrogates and escapes among the values."""
    record = '{"id": %d, "name": "caf\\u00e9 \\ud800 %d", "value": %d.5}'
    rows = max(size // 50, 1)
    return ("[" + ",\n".join(record % (i, i, i) for i in range(rows)) + "]").encode()


def json_long_cell(size):
    """Records whose one string is 200 KB."""
    return b'[{"a": "' + b"w" * max(size, 200_000) + b'"}]'


def json_long_record(size):
    """A single record longer than 1 Mi characters (each of its keys many times over)."""
    keys = max(size, 1_100_000) // 10_000
    return json.dumps([{f"k{i % 150}": "v" * 10_000 for i in range(keys)}]).encode()


def xlsx_dimension(size):
    """1.6 KB that declares A1:XFD1048576, with cells only in rows 1 and 1,048,576."""
    rows = [(1, ["A1", "B1"], ["name", "value"]), (1_048_576, ["A1048576", "B1048576"], ["x", 1])]
    return _workbook([_sheet(rows, dimension="A1:XFD1048576")])


def xlsx_far_column(size):
    """A value in column XFD (16,384), far past the column limit."""
    rows = [(1, ["A1", "B1"], ["name", "value"]), (2, ["A2", "XFD2"], ["x", 1])]
    return _workbook([_sheet(rows, dimension="A1:XFD2")])


def xlsx_many_sheets(size):
    """Thousands of tiny sheets; the first holds the table."""
    first = _sheet([(1, ["A1", "B1"], ["name", "value"]), (2, ["A2", "B2"], ["x", 1])])
    count = max(size // 400, 2)
    return _workbook([first] + [_sheet([])] * (count - 1))


def xlsx_shared_strings(size):
    """Every cell a distinct shared string: a big string table."""
    rows = max(size // 60, 1)
    table = [(1, ["A1", "B1"], ["name", "value"])]
    table += [(r, [f"A{r}", f"B{r}"], [f"text number {r}", r]) for r in range(2, rows + 2)]
    return _workbook([_sheet(table, shared=True)], shared=True)


def xlsx_rows(size):
    """A plain workbook: the yardstick for the shapes above."""
    rows = max(size // 60, 1)
    table = [(1, ["A1", "B1", "C1"], ["id", "name", "value"])]
    table += [(r, [f"A{r}", f"B{r}", f"C{r}"], [r, f"n{r}", r * 1.5]) for r in range(2, rows + 2)]
    return _workbook([_sheet(table)])


SHAPES = {
    "single-line.csv": single_line,
    "long-lines.csv": long_lines,
    "long-cell.csv": long_cell,
    "many-columns.csv": many_columns,
    "cr-only.csv": cr_only,
    "nul-late.csv": nul_late,
    "normal.csv": normal_csv,
    "many-keys.json": json_many_keys,
    "deep.json": json_deep,
    "nested-value.json": json_nested_value,
    "records.json": json_records,
    "long-cell.json": json_long_cell,
    "long-record.json": json_long_record,
    "dimension.xlsx": xlsx_dimension,
    "far-column.xlsx": xlsx_far_column,
    "many-sheets.xlsx": xlsx_many_sheets,
    "shared-strings.xlsx": xlsx_shared_strings,
    "rows.xlsx": xlsx_rows,
}

EXPECTED = {
    "single-line.csv": ("A cell is longer than", "A line is longer than"),
    "long-lines.csv": "ok",
    "long-cell.csv": ("A cell is longer than 131,072", "A line is longer than"),
    "long-cell.json": ("A cell is longer than 131,072", "A record is longer than"),
    "many-columns.csv": ("columns; the limit is 200", "A line is longer than"),
    "cr-only.csv": "ok",
    "nul-late.csv": "NUL character",
    "normal.csv": "ok",
    "many-keys.json": ("more than 200 different keys", "A record is longer than"),
    "deep.json": "nested too deeply",
    "nested-value.json": "nested",
    "records.json": "ok",
    "long-record.json": "A record is longer than 1,048,576 characters",
    "dimension.xlsx": "ok",
    "far-column.xlsx": "value in column 16,384",
    "many-sheets.xlsx": ("ok", "sheets; the limit is 1,000"),
    "shared-strings.xlsx": "ok",
    "rows.xlsx": "ok",
}


def outcome_fits(name, outcome):
    """Whether an import's outcome ("ok" or the refusal's message) is what `name` expects."""
    expected = EXPECTED[name]
    expected = expected if isinstance(expected, tuple) else (expected,)
    return any(e == outcome if e == "ok" else e in outcome for e in expected)


def _sheet(rows, *, dimension=None, shared=False):
    """A worksheet part: rows of (row number, cell references, values)."""
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>')
    out.write('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    if dimension:
        out.write(f'<dimension ref="{dimension}"/>')
    out.write("<sheetData>")
    index = 0
    for number, refs, values in rows:
        out.write(f'<row r="{number}">')
        for ref, value in zip(refs, values, strict=True):
            if isinstance(value, str) and shared:
                out.write(f'<c r="{ref}" t="s"><v>{index}</v></c>')
                index += 1
            elif isinstance(value, str):
                out.write(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
            else:
                out.write(f'<c r="{ref}"><v>{value}</v></c>')
        out.write("</row>")
    out.write("</sheetData></worksheet>")
    strings = [v for _, _, values in rows for v in values if isinstance(v, str)]
    return out.getvalue(), strings


def _workbook(sheets, *, shared=False):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = [
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>',
            *(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                f'ContentType="{ct}.worksheet+xml"/>'
                for i in range(1, len(sheets) + 1)
            ),
        ]
        if shared:
            overrides.append(
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(overrides)
            + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            "<sheets>"
            + "".join(
                f'<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</sheets></workbook>",
        )
        links = [
            f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        ]
        if shared:
            links.append(
                f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
            )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
            + "".join(links)
            + "</Relationships>",
        )
        for i, (xml, _) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared:
            strings = sheets[0][1]
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" '
                f'count="{len(strings)}" uniqueCount="{len(strings)}">'
                + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
                + "</sst>",
            )
    return buffer.getvalue()
