using System.IO.Compression;

namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>
/// The workbook's table of shared strings (xl/sharedStrings.xml), which text cells point into by number.
/// A string is the text of its runs; phonetic guides (rPh) are not part of it.
/// </summary>
internal static class SharedStrings
{
    public static IReadOnlyList<string> Read(ZipArchiveEntry? entry, FormLimits limits, ReadLimit limit)
    {
        var strings = new List<string>();
        if (entry is null)
            return strings;
        using var part = new PartReader(entry, limit);
        while (part.Next())
        {
            if (!part.IsStart("si"))
                continue;
            if (strings.Count == limits.MaxSharedStrings)
                throw new UnreadableWorkbook($"工作簿含有超过 {limits.MaxSharedStrings} 条不同的文字，超过上限，拒收");
            strings.Add(part.Text("rPh"));
        }
        return strings;
    }
}
