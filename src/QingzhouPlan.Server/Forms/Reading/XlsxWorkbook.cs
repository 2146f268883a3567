using System.IO.Compression;

namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>
/// The sheets of an .xlsx workbook a form is read from, and the names of the others. The parts are found as
/// the package's relationships name them; only the sheets asked for are read, streamed and bounded, and no
/// formula is ever calculated. Styles, drawings and every other part are never opened: a file of a million
/// styles costs what it unpacks to, which <see cref="ZipGuard"/> bounds before anything is parsed.
/// </summary>
public sealed record XlsxWorkbook(IReadOnlyList<string> SheetNames, IReadOnlyDictionary<string, SheetCells> Sheets)
{
    private const string OfficeDocument = "/officeDocument";
    private const int MaxSheets = 255;

    /// <summary>The workbook, or <see cref="UnreadableWorkbook"/> saying why not; stopped when its <paramref name="limit"/> is reached.</summary>
    public static XlsxWorkbook Read(byte[] file, IReadOnlyCollection<string> wanted, FormLimits limits, int lastRow, ReadLimit limit)
    {
        if (ZipGuard.Problem(file, limits) is { } problem)
            throw new UnreadableWorkbook(problem);
        using var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
        var parts = Parts(zip);
        var workbookPath = Relationships(parts, "", limit).Values.FirstOrDefault(r => r.Type.EndsWith(OfficeDocument, StringComparison.Ordinal))?.Target ?? "xl/workbook.xml";
        if (!parts.TryGetValue(workbookPath, out var workbookPart))
            throw new UnreadableWorkbook(ZipGuard.NotAWorkbook);
        var related = Relationships(parts, workbookPath, limit);
        var sheets = SheetList(workbookPart, limit);
        var sharedStrings = SharedStrings.Read(
            related.Values.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)) is { } s ? parts.GetValueOrDefault(s.Target) : null,
            limits, limit);
        var budget = new CellBudget(limits);
        var read = new Dictionary<string, SheetCells>(StringComparer.Ordinal);
        foreach (var (name, id) in sheets.Where(s => wanted.Contains(s.Name)))
        {
            if (!related.TryGetValue(id, out var relationship) || !parts.TryGetValue(relationship.Target, out var sheetPart))
                throw new UnreadableWorkbook($"工作表「{name}」在文件中找不到，工作簿已损坏，请用 Excel 或 WPS 另存后重新上传");
            read[name] = new WorksheetPart(name, sharedStrings, limits, budget).Read(sheetPart, lastRow, limit);
        }
        return new XlsxWorkbook(sheets.Select(s => s.Name).ToList(), read);
    }

    // Part names in a package are case-insensitive; two entries of one name would let two programs read different data.
    private static Dictionary<string, ZipArchiveEntry> Parts(ZipArchive zip)
    {
        var parts = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in zip.Entries)
            if (!parts.TryAdd(entry.FullName.TrimStart('/'), entry))
                throw new UnreadableWorkbook($"工作簿结构异常（部件「{entry.FullName}」出现两次），拒收");
        return parts;
    }

    private sealed record Relationship(string Id, string Type, string Target);

    // A part's relationships live beside it: xl/workbook.xml's in xl/_rels/workbook.xml.rels, the package's in _rels/.rels.
    private static Dictionary<string, Relationship> Relationships(Dictionary<string, ZipArchiveEntry> parts, string source, ReadLimit limit)
    {
        var folder = source.Contains('/') ? source[..(source.LastIndexOf('/') + 1)] : "";
        var relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal);
        if (!parts.TryGetValue($"{folder}_rels/{source[folder.Length..]}.rels", out var entry))
            return relationships;
        using var part = new PartReader(entry, limit);
        while (part.Next())
        {
            if (!part.IsStart("Relationship") || part.Attribute("TargetMode") == "External")
                continue;
            if (relationships.Count == MaxSheets * 4)
                throw new UnreadableWorkbook("工作簿结构异常（关联过多），拒收");
            if (part.Attribute("Id") is { } id && part.Attribute("Type") is { } type && part.Attribute("Target") is { } target
                && !relationships.TryAdd(id, new Relationship(id, type, Resolve(folder, target))))
                throw new UnreadableWorkbook($"工作簿结构异常（关联「{id}」出现两次），拒收");
        }
        return relationships;
    }

    private static string Resolve(string folder, string target)
    {
        var path = new List<string>();
        foreach (var segment in (target.StartsWith('/') ? target : folder + target).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (path.Count > 0)
                    path.RemoveAt(path.Count - 1);
            }
            else if (segment != ".")
                path.Add(segment);
        }
        return string.Join('/', path);
    }

    private static List<(string Name, string Id)> SheetList(ZipArchiveEntry workbook, ReadLimit limit)
    {
        var sheets = new List<(string, string)>();
        using var part = new PartReader(workbook, limit);
        while (part.Next())
        {
            if (!part.IsStart("sheet"))
                continue;
            if (sheets.Count == MaxSheets)
                throw new UnreadableWorkbook($"工作簿有超过 {MaxSheets} 个工作表，拒收");
            if (part.Attribute("name") is not { } name || part.Attribute("id", qualified: true) is not { } id)
                throw new UnreadableWorkbook("工作簿已损坏（工作表清单不可读），请用 Excel 或 WPS 另存后重新上传");
            sheets.Add((name, id));
        }
        return sheets;
    }
}
