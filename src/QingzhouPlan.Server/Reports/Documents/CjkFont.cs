using System.Buffers.Binary;
using PdfSharp.Fonts;

namespace QingzhouPlan.Server.Reports.Documents;

/// <summary>
/// The one Chinese face the PDF writer draws with, from a font file on this machine (Debian's fonts-wqy-microhei by
/// default: WenQuanYi Micro Hei, Apache-2.0 or GPLv3 with the font-embedding exception, a 黑体-like sans with TrueType
/// outlines). PDFsharp reads single TrueType fonts only, so a collection (.ttc) gives up its first face as a font of
/// its own. PDFsharp asks for fonts through one resolver per process: the first file registered serves every writer.
/// </summary>
public sealed class CjkFont : IFontResolver
{
    public const string Family = "QingzhouCjk";
    public const string DefaultFile = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    private static readonly Lock Gate = new();
    private static string? _registered;
    private readonly byte[] _face;

    private CjkFont(byte[] face) => _face = face;

    /// <summary>Registers the font file with PDFsharp once; a missing file is said plainly, not as a PDFsharp failure.</summary>
    public static void Register(string path)
    {
        lock (Gate)
        {
            if (_registered == path)
                return;
            if (_registered is not null)
                throw new InvalidOperationException($"this process draws PDFs with {_registered}; PDFsharp takes one font resolver per process, so {path} cannot replace it");
            if (!File.Exists(path))
                throw new FileNotFoundException($"the report documents' CJK font is missing: {path} (Debian: apt-get install fonts-wqy-microhei)", path);
            var bytes = File.ReadAllBytes(path);
            GlobalFontSettings.FontResolver = new CjkFont(IsCollection(bytes) ? FirstFace(bytes) : bytes);
            // One encoding for all text: digits and Latin letters go through the same embedded font and its ToUnicode map.
            GlobalFontSettings.DefaultFontEncoding = PdfSharp.Pdf.PdfFontEncoding.Unicode;
            _registered = path;
        }
    }

    // Bold and italic are drawn by PDFsharp from the one regular face.
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(Family, bold, italic);

    public byte[]? GetFont(string faceName) => faceName == Family ? _face : null;

    private static bool IsCollection(byte[] font) => font.Length > 12 && font.AsSpan(0, 4).SequenceEqual("ttcf"u8);

    /// <summary>
    /// The collection's first face as a standalone TrueType font: its table directory with each table copied after it,
    /// 4-byte aligned, and the offsets rewritten; the tables themselves, and so their checksums, are unchanged.
    /// </summary>
    private static byte[] FirstFace(byte[] collection)
    {
        var directory = (int)BinaryPrimitives.ReadUInt32BigEndian(collection.AsSpan(12));
        var version = BinaryPrimitives.ReadUInt32BigEndian(collection.AsSpan(directory));
        var count = BinaryPrimitives.ReadUInt16BigEndian(collection.AsSpan(directory + 4));
        var tables = Enumerable.Range(0, count).Select(i => collection.AsSpan(directory + 12 + 16 * i, 16).ToArray())
            .Select(r => (Tag: BinaryPrimitives.ReadUInt32BigEndian(r), Sum: BinaryPrimitives.ReadUInt32BigEndian(r.AsSpan(4)),
                Offset: (int)BinaryPrimitives.ReadUInt32BigEndian(r.AsSpan(8)), Length: (int)BinaryPrimitives.ReadUInt32BigEndian(r.AsSpan(12))))
            .OrderBy(t => t.Tag).ToList();
        var header = 12 + 16 * count;
        var font = new byte[header + tables.Sum(t => (t.Length + 3) & ~3)];
        var span = font.AsSpan();
        var power = 1;
        var log = 0;
        while (power * 2 <= count)
            (power, log) = (power * 2, log + 1);
        BinaryPrimitives.WriteUInt32BigEndian(span, version);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], count);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(count * 16 - power * 16));
        var at = header;
        for (var i = 0; i < tables.Count; i++)
        {
            var (tag, sum, offset, length) = tables[i];
            var record = span.Slice(12 + 16 * i, 16);
            BinaryPrimitives.WriteUInt32BigEndian(record, tag);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], sum);
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)at);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)length);
            collection.AsSpan(offset, length).CopyTo(span[at..]);
            at += (length + 3) & ~3;
        }
        return font;
    }
}
