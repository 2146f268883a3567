using System.IO.Compression;
using System.Text;
using System.Xml;

namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>
/// One XML part of a workbook, read node by node with every cost bounded: no DTD (so no entity expansion),
/// no nesting deeper than any spreadsheet program writes, no text longer than a cell may hold, and the
/// read given up when its time is over.
/// </summary>
internal sealed class PartReader : IDisposable
{
    /// <summary>Excel's own limit for the text of a cell; anything longer was not written by a spreadsheet program.</summary>
    public const int MaxTextLength = 32_767;

    // Worksheets nest about six deep (worksheet, sheetData, row, c, is, r, t); extension lists a few more.
    private const int MaxDepth = 40;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private readonly XmlReader _xml;
    private readonly string _part;
    private readonly ReadLimit _limit;
    private readonly char[] _chunk = new char[4096];
    private int _nodes;

    public PartReader(ZipArchiveEntry entry, ReadLimit limit)
    {
        limit.Check();
        _part = entry.FullName;
        _limit = limit;
        _xml = XmlReader.Create(entry.Open(), Settings);
    }

    public XmlReader Xml => _xml;

    /// <summary>The next node, or false at the end of the part.</summary>
    public bool Next()
    {
        if ((++_nodes & 1023) == 0)
            _limit.Check();
        bool read;
        try
        {
            read = _xml.Read();
        }
        catch (XmlException)
        {
            throw Broken();
        }
        if (read && _xml.Depth > MaxDepth)
            throw new UnreadableWorkbook($"工作簿结构异常（{_part} 嵌套超过 {MaxDepth} 层），拒收");
        return read;
    }

    public bool IsStart(string localName) => _xml.NodeType == XmlNodeType.Element && _xml.LocalName == localName;

    /// <summary>
    /// The text inside the current element, its children's included (a rich-text string's runs), except inside
    /// elements named in <paramref name="skipped"/> (phonetic guides). Leaves the reader on the element's end.
    /// </summary>
    public string Text(params string[] skipped)
    {
        if (_xml.IsEmptyElement)
            return "";
        var depth = _xml.Depth;
        var text = new StringBuilder();
        var skippingBelow = -1;
        while (Next())
        {
            if (_xml.NodeType == XmlNodeType.EndElement)
            {
                if (_xml.Depth == depth)
                    break;
                if (_xml.Depth == skippingBelow)
                    skippingBelow = -1;
            }
            else if (_xml.NodeType == XmlNodeType.Element && skippingBelow < 0 && !_xml.IsEmptyElement && skipped.Contains(_xml.LocalName))
                skippingBelow = _xml.Depth;
            else if (skippingBelow < 0 && _xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
                Append(text);
        }
        return text.ToString();
    }

    // In chunks, so a text node of megabytes is refused before it is held whole.
    private void Append(StringBuilder text)
    {
        while (true)
        {
            int read;
            try
            {
                read = _xml.ReadValueChunk(_chunk, 0, _chunk.Length);
            }
            catch (XmlException)
            {
                // The parser finds a broken part while it reads on, here as in Next.
                throw Broken();
            }
            if (read == 0)
                return;
            if (text.Length + read > MaxTextLength)
                throw new UnreadableWorkbook($"工作簿中有超过 {MaxTextLength} 字的文字（{_part}），超出电子表格的单元格上限，拒收");
            text.Append(_chunk, 0, read);
        }
    }

    /// <summary>The attribute of the current element with this local name, whatever its namespace.</summary>
    public string? Attribute(string localName, bool qualified = false)
    {
        if (!_xml.MoveToFirstAttribute())
            return null;
        try
        {
            do
            {
                if (_xml.LocalName == localName && (_xml.NamespaceURI.Length > 0) == qualified)
                    return _xml.Value.Length <= MaxTextLength ? _xml.Value : throw new UnreadableWorkbook($"工作簿结构异常（{_part} 的属性过长），拒收");
            }
            while (_xml.MoveToNextAttribute());
            return null;
        }
        finally
        {
            _xml.MoveToElement();
        }
    }

    private UnreadableWorkbook Broken() => new($"工作簿已损坏（{_part} 不是有效的 XML），请用 Excel 或 WPS 另存后重新上传");

    public void Dispose() => _xml.Dispose();
}
