using System.IO.Compression;
using System.Text;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Forms;

namespace QingzhouPlan.Server.Tests.Forms;

/// <summary>
/// Files built to make a form reader spend without bound: formulas over whole sheets, used ranges of a
/// million rows, millions of cells, strings, styles and merges, XML nested or expanded without end, and zip
/// tricks. Each starts from a real template (so everything else about it is right) and changes its parts.
/// </summary>
public static class HostileWorkbooks
{
    public const string FiguresPart = "xl/worksheets/sheet1.xml";

    /// <summary>gxj's March form as the server issues it, two lines filled in.</summary>
    public static byte[] Template()
    {
        var header = new FormHeader("hostile-form", FormHeader.CurrentVersion, "qingzhou-2024", "gxj", Period.Parse("2024-03"));
        FigureLine Line(string code) => new(code, code, Period.Parse("2024-03"), "亿元", "口径", null, null, 8m, "填报中", null);
        return FormTemplate.Build(header, "青州市", [Line("LOCAL-PROCUREMENT"), Line("KEY-INDUSTRIAL-INVESTMENT")], []);
    }

    /// <summary>Every case: what it is, how to build it, and the words of its refusal (null: read, within bounds).</summary>
    public static IReadOnlyList<HostileCase> All { get; } =
    [
        new("a formula over the whole sheet in a heading, with a value in XFD1048576", () => WholeSheetFormula(farCell: true), "第 1048576 行还有内容"),
        new("a formula over the whole sheet in a heading, saved without its result", () => WholeSheetFormula(farCell: false), null),
        new("a used range declared as the whole sheet", () => Edit(Template(), FiguresPart, x => Regex("<dimension ref=\"[^\"]*\" ?/>").Replace(x, "<dimension ref=\"A1:XFD1048576\"/>")), null),
        new("seven million empty cells", () => AppendRows(EmptyCells(rows: 450)), null),
        new("more cells than a form holds", () => AppendRows(NumberCells(rows: 18_000, columns: 25)), "单元格超过 400000 个"),
        new("a cell at the last row of the sheet", () => AppendRows("<row r=\"1048576\"><c r=\"A1048576\"><v>1</v></c></row>"), "第 1048576 行还有内容"),
        new("a row number past the sheet", () => AppendRows("<row r=\"4294967296\"><c><v>1</v></c></row>"), "行号「4294967296」不可读"),
        new("a cell address past the sheet", () => AppendRows("<row r=\"50\"><c r=\"A99999999999\"><v>1</v></c></row>"), "单元格地址「A99999999999」不可读"),
        new("cells without addresses past the last column", () => AppendRows($"<row r=\"50\">{Repeat("<c><v>1</v></c>", 16_400)}</row>"), "单元格位置不可读"),
        new("three hundred thousand shared strings", () => Edit(Template(), "xl/sharedStrings.xml", x => x.Replace("</sst>", Repeat("<si><t>文字</t></si>", 300_000) + "</sst>")), "超过 250000 条不同的文字"),
        new("a shared string of a million characters", () => Edit(Template(), "xl/sharedStrings.xml", x => x.Replace("</sst>", $"<si><t>{new string('字', 1_000_000)}</t></si></sst>")), "超过 32767 字"),
        new("a byte that is not UTF-8 inside a string", () => Rezip(Template(), (name, content) => name == "xl/sharedStrings.xml" ? NotUtf8(content) : content), "xl/sharedStrings.xml 不是有效的 XML"),
        new("a million and a half styles", () => Edit(Template(), "xl/styles.xml", x => x.Replace("</cellXfs>", Repeat("<xf numFmtId=\"0\"/>", 1_500_000) + "</cellXfs>")), null),
        new("a hundred thousand merged ranges", () => Edit(Template(), FiguresPart, x => MergesAfterData(x, Repeat("<mergeCell ref=\"K1:L1\"/>", 100_000))), "合并单元格超过 5000 处"),
        new("elements nested a million deep", () => AppendRows($"<row r=\"50\"><c r=\"A50\" t=\"inlineStr\"><is>{Repeat("<r>", 1_000_000)}</is></c></row>", wellFormed: false), "嵌套超过"),
        new("entities expanded a billion times", () => WithDoctype(LaughingDoctype, "&lol9;"), "不是有效的 XML"),
        new("an external entity", () => WithDoctype("<!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "&x;"), "不是有效的 XML"),
        new("a part that unpacks to 200 MiB", () => AddEntry(Template(), "xl/media/image1.png", new byte[200 * 1024 * 1024]), "疑似压缩炸弹"),
        new("ten thousand parts", () => ManyEntries(10_000), "超过上限 500"),
        new("one part twice", () => Duplicate(FiguresPart), "出现两次"),
        new("one relationship twice", () => Edit(Template(), "xl/_rels/workbook.xml.rels", x => x.Replace("</Relationships>", Element(x, "<Relationship ") + "</Relationships>")), "关联「"),
        new("a workbook of ten thousand sheets", () => Edit(Template(), "xl/workbook.xml", x => x.Replace("</sheets>", Repeat(Element(x, "<sheet "), 10_000) + "</sheets>")), "超过 255 个工作表"),
        new("an encrypted (OLE) file", () => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4096]], "加了密码的工作簿"),
        new("a zip cut short", () => Template()[..2000], "文件不是 Excel 工作簿"),
    ];

    // The first byte of 代码 (E4 BB A3) becomes FF, which no UTF-8 text holds.
    private static byte[] NotUtf8(byte[] content)
    {
        var at = content.AsSpan().IndexOf("代码"u8);
        content[at] = 0xFF;
        return content;
    }

    /// <summary>The first empty element that starts so, whole.</summary>
    private static string Element(string xml, string start)
    {
        var at = xml.IndexOf(start, StringComparison.Ordinal);
        return xml[at..(xml.IndexOf("/>", at, StringComparison.Ordinal) + 2)];
    }

    // A sheet's merged ranges follow its data (and any sheet protection) in the order the format fixes.
    private static string MergesAfterData(string sheet, string merges)
    {
        var existing = sheet.IndexOf("<mergeCells", StringComparison.Ordinal);
        return existing >= 0
            ? sheet.Insert(sheet.IndexOf('>', existing) + 1, merges)
            : sheet.Insert(sheet.IndexOf("</sheetData>", StringComparison.Ordinal) + "</sheetData>".Length, $"<mergeCells>{merges}</mergeCells>");
    }

    private static byte[] WithDoctype(string doctype, string entity) =>
        Edit(Template(), FiguresPart, x => doctype + x[x.IndexOf("<worksheet", StringComparison.Ordinal)..]
            .Replace("</sheetData>", $"<row r=\"50\"><c r=\"A50\" t=\"inlineStr\"><is><t>{entity}</t></is></c></row></sheetData>"));

    /// <summary>
    /// Every case, then mutants of the template and of the cases (bytes flipped in the zip or in a sheet's XML,
    /// files cut short, hostile fragments spliced into the sheet) until there are <paramref name="count"/>.
    /// The same seed gives the same files.
    /// </summary>
    public static IEnumerable<(string Name, byte[] File)> Fuzz(int seed, int count)
    {
        var random = new Random(seed);
        var made = 0;
        foreach (var hostile in All.Take(count))
        {
            made++;
            yield return (hostile.Name, hostile.Build());
        }
        for (; made < count; made++)
        {
            var kind = random.Next(4);
            var source = random.Next(3) == 0 ? All[random.Next(All.Count)] : null;
            var file = source?.Build() ?? Template();
            var cut = file.Length / 3 + random.Next(file.Length / 2);
            yield return kind switch
            {
                0 => ($"#{made}: {Flips(random, file)} bytes flipped in {source?.Name ?? "the template"}", file),
                1 => ($"#{made}: {source?.Name ?? "the template"} cut at byte {cut}", file[..cut]),
                2 => ($"#{made}: bytes flipped in the template's sheet XML", Edit(Template(), FiguresPart, x => FlipCharacters(random, x))),
                _ => Splice(random, made),
            };
        }
    }

    private static readonly string[] Fragments =
    [
        "<row r=\"1048576\"><c r=\"XFD1048576\"><f>SUMPRODUCT(ROW(A1:XFD1048576))</f></c></row>",
        "<row r=\"60\"><c r=\"I60\"><f>INDIRECT(\"A1:XFD1048576\")</f></c></row>",
        "<row r=\"-1\"><c><v>1</v></c></row>",
        "<row r=\"61\"><c r=\"B61\" t=\"s\"><v>999999999</v></c></row>",
        "<row r=\"62\"><c r=\"B62\" t=\"zz\"><v>1</v></c></row>",
        "<row r=\"63\"><c r=\"I63\"><v>1e308</v></c><c r=\"J63\"><v>NaN</v></c></row>",
        "<row r=\"64\"><c r=\"B64\" t=\"inlineStr\"><is><t>LOCAL-PROCUREMENT</t></is></c><c r=\"I64\" t=\"e\"><v>#REF!</v></c></row>",
    ];

    private static (string, byte[]) Splice(Random random, int made)
    {
        var fragments = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Fragments[random.Next(Fragments.Length)]).ToList();
        return ($"#{made}: spliced {string.Join(" ", fragments.Select(f => f[..Math.Min(40, f.Length)]))}",
            AppendRows(string.Concat(fragments)));
    }

    private static int Flips(Random random, byte[] file)
    {
        var flips = 1 + random.Next(20);
        for (var i = 0; i < flips; i++)
            file[random.Next(file.Length)] ^= (byte)(1 << random.Next(8));
        return flips;
    }

    private static string FlipCharacters(Random random, string xml)
    {
        var characters = xml.ToCharArray();
        for (var i = 1 + random.Next(20); i > 0; i--)
        {
            var at = random.Next(characters.Length);
            const string Replacements = "<>/\"=&x9 ";
            var replacement = Replacements[random.Next(Replacements.Length)];
            characters[at] = replacement != characters[at] ? replacement : characters[at] == '<' ? '>' : '<';
        }
        return new string(characters);
    }

    public static byte[] WholeSheetFormula(bool farCell)
    {
        using var form = new FilledForm(Template());
        form.Figures.Cell(FormTemplate.HeadingRow, 11).FormulaA1 = "SUMPRODUCT(ROW(A1:XFD1048576))";
        if (farCell)
            form.Figures.Cell(1_048_576, 16_384).SetValue(1);
        return form.Save(calculated: false);
    }

    private const string LaughingDoctype = """
        <?xml version="1.0"?><!DOCTYPE w [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
        <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
        <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
        """;

    private static string EmptyCells(int rows)
    {
        var xml = new StringBuilder();
        for (var r = 0; r < rows; r++)
            xml.Append($"<row r=\"{100 + r}\">").Append(Repeat("<c/>", 16_384)).Append("</row>");
        return xml.ToString();
    }

    private static string NumberCells(int rows, int columns)
    {
        var xml = new StringBuilder();
        for (var r = 0; r < rows; r++)
            xml.Append($"<row r=\"{100 + r}\">").Append(Repeat("<c><v>1</v></c>", columns)).Append("</row>");
        return xml.ToString();
    }

    /// <summary>Rows added at the end of the figures sheet's data (rows 1–99 are the template's own).</summary>
    public static byte[] AppendRows(string rows, bool wellFormed = true) =>
        Edit(Template(), FiguresPart, x => wellFormed ? x.Replace("</sheetData>", rows + "</sheetData>") : x[..x.IndexOf("</sheetData>", StringComparison.Ordinal)] + rows);

    private static System.Text.RegularExpressions.Regex Regex(string pattern) => new(pattern);

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();

    /// <summary>The file with one part's XML rewritten.</summary>
    public static byte[] Edit(byte[] file, string part, Func<string, string> edit)
    {
        var edited = false;
        var result = Rezip(file, (name, content) =>
        {
            if (name != part)
                return content;
            // ClosedXML writes every element with the prefix x:; the cases are written without one.
            var before = Encoding.UTF8.GetString(content).Replace("<x:", "<").Replace("</x:", "</").Replace("xmlns:x=", "xmlns=");
            var after = edit(before);
            edited = after != before;
            return Encoding.UTF8.GetBytes(after);
        });
        // A case that changed nothing would pass for the wrong reason.
        return edited ? result : throw new InvalidOperationException($"{part} is not in the template, or the edit did not change it; parts: {string.Join(", ", Parts(file))}");
    }

    private static IEnumerable<string> Parts(byte[] file)
    {
        using var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    public static byte[] Rezip(byte[] file, Func<string, byte[], byte[]> map, Action<ZipArchive>? more = null)
    {
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var source = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
            foreach (var entry in source.Entries)
            {
                using var content = new MemoryStream();
                using (var stream = entry.Open())
                    stream.CopyTo(content);
                Write(target, entry.FullName, map(entry.FullName, content.ToArray()));
            }
            more?.Invoke(target);
        }
        return output.ToArray();
    }

    private static byte[] AddEntry(byte[] file, string name, byte[] content) => Rezip(file, (_, c) => c, zip => Write(zip, name, content));

    private static byte[] ManyEntries(int count) =>
        Rezip(Template(), (_, c) => c, zip =>
        {
            for (var i = 0; i < count; i++)
                Write(zip, $"xl/media/{i}.bin", [1]);
        });

    private static byte[] Duplicate(string part) => Rezip(Template(), (_, c) => c, zip =>
        Write(zip, part, Encoding.UTF8.GetBytes("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>")));

    private static void Write(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(content);
    }
}

/// <summary>A hostile file: what it is, how it is built, and the words of its refusal (null when it is read).</summary>
public sealed record HostileCase(string Name, Func<byte[]> Build, string? Refusal)
{
    public override string ToString() => Name;
}
