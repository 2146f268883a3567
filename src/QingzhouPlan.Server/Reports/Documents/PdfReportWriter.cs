using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QingzhouPlan.Domain.Reports.Documents;

namespace QingzhouPlan.Server.Reports.Documents;

/// <summary>
/// The report document as an A4 PDF: a centred title block, numbered headings, paragraphs with a two-character first
/// indent, tables whose header repeats on each page, a line chart per headline indicator, and a footer on every page
/// with the edition's proof and 第 i 页 / 共 n 页. Text is drawn in the embedded CJK font with a ToUnicode map, so it is
/// selectable and searchable. The same document gives the same bytes: PDFsharp's dates, identifiers and font-subset
/// names, all random or clock-read by default, are set from the document itself.
/// </summary>
public static partial class PdfReportWriter
{
    // A4 with the margins of official documents (公文: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right), a little
    // tighter at top and bottom for a report that is mostly tables.
    private static readonly XSize Page = new(595.28, 841.89);
    private const double Left = 79.4, Right = 73.7, Top = 85, Bottom = 85;
    private static double Width => Page.Width - Left - Right;

    /// <summary>The document as PDF bytes, drawn in the CJK font of <paramref name="fontFile"/>.</summary>
    public static byte[] Write(ReportDocument document, string fontFile)
    {
        CjkFont.Register(fontFile);
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        pdf.Info.Creator = "QingzhouPlan";
        var layout = new Layout(pdf);
        layout.TitleBlock(document.Title, document.Subtitle);
        foreach (var block in document.Blocks)
            switch (block)
            {
                case DocumentBlock.Heading h:
                    layout.Heading(h);
                    break;
                case DocumentBlock.Paragraph p:
                    layout.Paragraph(p.Text);
                    break;
                case DocumentBlock.Table t:
                    layout.Table(t);
                    break;
                case DocumentBlock.Chart c:
                    layout.Chart(c);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(document), block, null);
            }
        layout.Finish(document.Footer);
        return Deterministic(pdf, document);
    }

    /// <summary>Draws top to bottom, page after page.</summary>
    private sealed class Layout(PdfDocument pdf)
    {
        // Sizes after 公文 practice: title 二号-like, headings 三号/小三, body 小四, tables 小五.
        private readonly XFont _title = new(CjkFont.Family, 20, XFontStyleEx.Bold);
        private readonly XFont _subtitle = new(CjkFont.Family, 12);
        private readonly XFont _heading1 = new(CjkFont.Family, 15, XFontStyleEx.Bold);
        private readonly XFont _heading2 = new(CjkFont.Family, 13, XFontStyleEx.Bold);
        private readonly XFont _body = new(CjkFont.Family, 11.5);
        private readonly XFont _cell = new(CjkFont.Family, 8.5);
        private readonly XFont _cellBold = new(CjkFont.Family, 8.5, XFontStyleEx.Bold);
        private readonly XFont _small = new(CjkFont.Family, 8);
        private XGraphics? _graphics;
        private double _y;

        private XGraphics G => _graphics ?? NewPage();

        private XGraphics NewPage()
        {
            _graphics?.Dispose();
            var page = pdf.AddPage();
            page.Width = XUnit.FromPoint(Page.Width);
            page.Height = XUnit.FromPoint(Page.Height);
            _graphics = XGraphics.FromPdfPage(page);
            _y = Top;
            return _graphics;
        }

        // Starts a new page unless the height fits on this one.
        private void Room(double height)
        {
            if (_graphics is null || _y + height > Page.Height - Bottom)
                NewPage();
        }

        public void TitleBlock(string title, string subtitle)
        {
            Room(80);
            foreach (var line in Wrap(G, title, _title, Width))
                Centred(line, _title, 1.6);
            foreach (var line in Wrap(G, subtitle, _subtitle, Width))
                Centred(line, _subtitle, 1.6);
            _y += 12;
        }

        private void Centred(string text, XFont font, double spacing)
        {
            G.DrawString(text, font, XBrushes.Black, new XRect(Left, _y, Width, font.GetHeight()), XStringFormats.TopCenter);
            _y += font.GetHeight() * spacing;
        }

        public void Heading(DocumentBlock.Heading heading)
        {
            var font = heading.Level == 1 ? _heading1 : _heading2;
            // A heading never ends a page alone: keep room for it and the start of what follows (a table's caption and rows).
            Room(font.GetHeight() * 2 + _body.GetHeight() * 6);
            _y += heading.Level == 1 ? 8 : 4;
            foreach (var line in Wrap(G, heading.Text, font, Width))
            {
                G.DrawString(line, font, XBrushes.Black, Left, _y + font.GetHeight() * 0.8);
                _y += font.GetHeight() * 1.5;
            }
        }

        public void Paragraph(string text)
        {
            // 首行缩进两字.
            var indent = G.MeasureString("国国", _body).Width;
            var lines = Wrap(G, text, _body, Width, indent);
            for (var i = 0; i < lines.Count; i++)
            {
                Room(_body.GetHeight() * 1.6);
                G.DrawString(lines[i], _body, XBrushes.Black, Left + (i == 0 ? indent : 0), _y + _body.GetHeight() * 0.8);
                _y += _body.GetHeight() * 1.6;
            }
            _y += 3;
        }

        public void Table(DocumentBlock.Table table)
        {
            var widths = table.Columns.Select(c => c.Width / table.Columns.Sum(x => x.Width) * Width).ToArray();
            const double pad = 3;
            var header = table.Columns.Select((c, i) => Wrap(G, c.Header, _cellBold, widths[i] - 2 * pad)).ToList();
            var headerHeight = header.Max(h => h.Count) * _cell.GetHeight() * 1.25 + 2 * pad;
            Room(_body.GetHeight() * 1.6 + headerHeight + _cell.GetHeight() * 2.5);
            G.DrawString(table.Caption, _cellBold, XBrushes.Black, new XRect(Left, _y, Width, _body.GetHeight()), XStringFormats.TopCenter);
            _y += _body.GetHeight() * 1.4;
            DrawRow(header, widths, headerHeight, pad, table.Columns, header: true);
            // A row longer than a page goes on in pieces, each under the repeated header.
            var lineHeight = _cell.GetHeight() * 1.25;
            var linesPerPage = Math.Max(1, (int)((Page.Height - Top - Bottom - headerHeight - 2 * pad) / lineHeight));
            var pieces = table.Rows.SelectMany(row =>
            {
                var wrapped = row.Select((text, i) => Wrap(G, text, _cell, widths[i] - 2 * pad)).ToList();
                var count = (wrapped.Max(c => c.Count) + linesPerPage - 1) / linesPerPage;
                return Enumerable.Range(0, count).Select(p => (IReadOnlyList<IReadOnlyList<string>>)wrapped
                    .Select(c => (IReadOnlyList<string>)c.Skip(p * linesPerPage).Take(linesPerPage).ToList()).ToList());
            });
            foreach (var cells in pieces)
            {
                var height = Math.Max(1, cells.Max(c => c.Count)) * lineHeight + 2 * pad;
                if (_y + height > Page.Height - Bottom)
                {
                    // A table carried over repeats its header (续表).
                    NewPage();
                    DrawRow(header, widths, headerHeight, pad, table.Columns, header: true);
                }
                DrawRow(cells, widths, height, pad, table.Columns, header: false);
            }
            _y += 10;
        }

        private void DrawRow(IReadOnlyList<IReadOnlyList<string>> cells, double[] widths, double height, double pad,
            IReadOnlyList<TableColumn> columns, bool header)
        {
            var pen = new XPen(XColors.Black, 0.5);
            var x = Left;
            for (var i = 0; i < cells.Count; i++)
            {
                var box = new XRect(x, _y, widths[i], height);
                if (header)
                    G.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 235, 235)), box);
                G.DrawRectangle(pen, box);
                var y = _y + pad;
                foreach (var line in cells[i])
                {
                    var font = header ? _cellBold : _cell;
                    var format = header ? XStringFormats.TopCenter : columns[i].Numeric ? XStringFormats.TopRight : XStringFormats.TopLeft;
                    G.DrawString(line, font, XBrushes.Black, new XRect(x + pad, y, widths[i] - 2 * pad, font.GetHeight()), format);
                    y += _cell.GetHeight() * 1.25;
                }
                x += widths[i];
            }
            _y += height;
        }

        public void Chart(DocumentBlock.Chart chart)
        {
            const double height = 170;
            Room(height + _body.GetHeight() * 2);
            G.DrawString($"图　{chart.Title}", _cellBold, XBrushes.Black, new XRect(Left, _y, Width, _body.GetHeight()), XStringFormats.TopCenter);
            _y += _body.GetHeight() * 1.3;
            var values = chart.Series.SelectMany(s => s.Values).OfType<decimal>().Select(v => (double)v).DefaultIfEmpty(0).ToList();
            var (low, high) = Scale(Math.Min(0, values.Min()), values.Max());
            var plot = new XRect(Left + 40, _y + 6, Width - 150, height - 36);
            var grid = new XPen(XColor.FromArgb(210, 210, 210), 0.4);
            for (var i = 0; i <= 4; i++)
            {
                var v = low + (high - low) * i / 4;
                var y = plot.Bottom - plot.Height * i / 4;
                G.DrawLine(grid, plot.Left, y, plot.Right, y);
                G.DrawString(v.ToString("0.##", CultureInfo.InvariantCulture), _small, XBrushes.Black, new XRect(Left, y - 5, 36, 10), XStringFormats.CenterRight);
            }
            G.DrawLine(new XPen(XColors.Black, 0.6), plot.Left, plot.Bottom, plot.Right, plot.Bottom);
            var step = chart.Periods.Count > 1 ? plot.Width / (chart.Periods.Count - 1) : 0;
            double X(int i) => chart.Periods.Count > 1 ? plot.Left + step * i : plot.Left + plot.Width / 2;
            double Y(decimal v) => plot.Bottom - plot.Height * ((double)v - low) / (high - low);
            for (var i = 0; i < chart.Periods.Count; i++)
                G.DrawString(chart.Periods[i], _small, XBrushes.Black, new XRect(X(i) - 20, plot.Bottom + 3, 40, 10), XStringFormats.TopCenter);
            var legend = plot.Top;
            foreach (var series in chart.Series)
            {
                var pen = Pen(series.Kind);
                var points = series.Values.Select((v, i) => v is { } value ? new XPoint(X(i), Y(value)) : (XPoint?)null).ToList();
                // A gap (no figure) breaks the line; the target steps where it was adjusted.
                foreach (var run in Runs(points))
                {
                    if (series.Kind == ChartLine.Target)
                        for (var i = 1; i < run.Count; i++)
                        {
                            G.DrawLine(pen, run[i - 1].X, run[i - 1].Y, run[i].X, run[i - 1].Y);
                            G.DrawLine(pen, run[i].X, run[i - 1].Y, run[i].X, run[i].Y);
                        }
                    else if (run.Count > 1)
                        G.DrawLines(pen, run.ToArray());
                    // A single point (the year's first period) is still shown: a short stroke at its height.
                    if (run.Count == 1 && series.Kind != ChartLine.Actual)
                        G.DrawLine(pen, run[0].X - 6, run[0].Y, run[0].X + 6, run[0].Y);
                    if (series.Kind == ChartLine.Actual)
                        foreach (var p in run)
                            G.DrawEllipse(pen.Brush(), p.X - 2, p.Y - 2, 4, 4);
                }
                G.DrawLine(pen, plot.Right + 12, legend + 5, plot.Right + 32, legend + 5);
                G.DrawString(series.Name, _small, XBrushes.Black, plot.Right + 36, legend + 8);
                legend += 14;
            }
            G.DrawString($"单位：{chart.Unit}", _small, XBrushes.Black, plot.Right + 12, legend + 8);
            _y += height;
        }

        public void Finish(string footer)
        {
            _graphics?.Dispose();
            _graphics = null;
            var count = pdf.PageCount;
            for (var i = 0; i < count; i++)
            {
                using var g = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
                var y = Page.Height - Bottom + 24;
                g.DrawLine(new XPen(XColors.Gray, 0.4), Left, y - 4, Page.Width - Right, y - 4);
                g.DrawString(footer, _small, XBrushes.Black, new XRect(Left, y, Width, 10), XStringFormats.TopLeft);
                g.DrawString($"第 {i + 1} 页 / 共 {count} 页", _small, XBrushes.Black, new XRect(Left, y, Width, 10), XStringFormats.TopRight);
            }
        }
    }

    private static XPen Pen(ChartLine kind) => kind switch
    {
        ChartLine.Actual => new XPen(XColor.FromArgb(163, 29, 36), 1.6),
        ChartLine.Expected => new XPen(XColor.FromArgb(29, 78, 216), 1.1) { DashStyle = XDashStyle.Dash },
        ChartLine.Target => new XPen(XColor.FromArgb(21, 128, 61), 1.1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static XSolidBrush Brush(this XPen pen) => new(pen.Color);

    private static IEnumerable<List<XPoint>> Runs(IReadOnlyList<XPoint?> points)
    {
        var run = new List<XPoint>();
        foreach (var point in points)
            if (point is { } p)
                run.Add(p);
            else if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        if (run.Count > 0)
            yield return run;
    }

    // An axis from a round number at or below the lowest value to one at or above the highest.
    private static (double Low, double High) Scale(double low, double high)
    {
        if (high <= low)
            high = low + 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(high - low)));
        return (Math.Floor(low / magnitude) * magnitude, Math.Ceiling(high / magnitude) * magnitude);
    }

    /// <summary>
    /// Lines of at most <paramref name="width"/>: Chinese breaks between any two characters, a run of Latin letters or
    /// digits (5.3%, 2024年 stays 2024) is kept whole, and closing punctuation never starts a line (避头点).
    /// </summary>
    public static IReadOnlyList<string> Wrap(XGraphics graphics, string text, XFont font, double width, double firstIndent = 0)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        // A run wider than the line on its own (a long code) is broken by character after all.
        var units = Units().Matches(text).SelectMany(m => graphics.MeasureString(m.Value, font).Width > width ? m.Value.Select(c => c.ToString()) : [m.Value]);
        foreach (var unit in units)
        {
            var available = lines.Count == 0 ? width - firstIndent : width;
            if (line.Length > 0 && graphics.MeasureString(line + unit, font).Width > available && !NoLineStart.Contains(unit[0]))
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            line.Append(unit);
        }
        if (line.Length > 0 || lines.Count == 0)
            lines.Add(line.ToString());
        return lines;
    }

    private const string NoLineStart = "，。、；：？！）》」』】”’%,.;:!?)";

    [GeneratedRegex(@"[A-Za-z0-9.%+\-]+|.", RegexOptions.Singleline)]
    private static partial Regex Units();

    /// <summary>
    /// The saved bytes with nothing random or clock-read in them: the info dates are the document's own instant, the
    /// trailer identifier and the font-subset tag derive from its content, and the XMP identifiers PDFsharp draws from
    /// Guid.NewGuid while saving (no setting reaches them) are overwritten in place, same length, so offsets hold.
    /// </summary>
    private static byte[] Deterministic(PdfDocument pdf, ReportDocument document)
    {
        var stamp = document.Stamp.UtcDateTime;
        pdf.Info.CreationDate = stamp;
        pdf.Info.ModificationDate = stamp;
        // Blocks as objects, so each is written with its own fields: two documents share identifiers only if they are the same.
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(
            new object[] { document.Title, document.Subtitle, document.Footer, document.Stamp, document.Blocks.Cast<object>().ToArray() })));
        foreach (var item in pdf.Internals.GetAllObjects())
            if (item is PdfDictionary dictionary)
                foreach (var key in new[] { "/BaseFont", "/FontName" })
                    if (dictionary.Elements.GetName(key) is { Length: > 8 } name && SubsetTag().IsMatch(name))
                        dictionary.Elements.SetName(key, "/" + Tag(seed) + name[7..]);
        var id = new string(seed.Take(16).Select(b => (char)b).ToArray());
        pdf.Internals.FirstDocumentID = id;
        pdf.Internals.SecondDocumentID = id;
        using var stream = new MemoryStream();
        pdf.Save(stream);
        var bytes = stream.ToArray();
        foreach (var (marker, salt) in new[] { ("<xmpMM:DocumentID>uuid:", (byte)1), ("<xmpMM:InstanceID>uuid:", (byte)2) })
        {
            var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
            if (at < 0)
                throw new InvalidOperationException($"PDFsharp wrote no {marker}: its metadata changed, and the document would not be the same twice");
            Encoding.ASCII.GetBytes(new Guid(seed.Skip(salt).Take(16).ToArray()).ToString()).CopyTo(bytes, at + marker.Length);
        }
        return bytes;
    }

    private static string Tag(byte[] seed) => new(seed.Take(6).Select(b => (char)('A' + b % 26)).ToArray());

    [GeneratedRegex("^/[A-Z]{6}\\+")]
    private static partial Regex SubsetTag();
}
