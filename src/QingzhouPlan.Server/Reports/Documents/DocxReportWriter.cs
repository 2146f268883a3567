using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using QingzhouPlan.Domain.Reports.Documents;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using Wp = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace QingzhouPlan.Server.Reports.Documents;

/// <summary>
/// The report document as a Word file an office edits and files: A4 with 公文 margins, the body in 仿宋_GB2312 and
/// headings in 黑体 by name (Word on the desks that read it has them; other programs substitute), tables with their
/// headers repeated across pages, each headline indicator as a native line chart whose numbers travel inside it, and
/// page numbers in the footer with the edition's proof. The same document gives the same bytes: every part has a
/// fixed relationship id, no package properties carry the time of writing, and the zip's entries are written again
/// in a fixed order with one fixed timestamp.
/// </summary>
public static class DocxReportWriter
{
    private const string BodyFont = "仿宋_GB2312";
    private const string HeadingFont = "黑体";
    private const int ContentTwips = 8845; // A4 (11906) less 28 mm and 26 mm margins

    public static byte[] Write(ReportDocument document)
    {
        using var package = new MemoryStream();
        using (var word = WordprocessingDocument.Create(package, WordprocessingDocumentType.Document))
        {
            var main = word.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rId1");
            var footer = main.AddNewPart<FooterPart>("rIdFooter");
            footer.Footer = Footer(document.Footer);
            var body = new Body();
            body.Append(Centred(document.Title, HeadingFont, 44, bold: true));
            body.Append(Centred(document.Subtitle, BodyFont, 28, bold: false));
            var charts = 0;
            foreach (var block in document.Blocks)
                switch (block)
                {
                    case DocumentBlock.Heading h:
                        body.Append(Heading(h));
                        break;
                    case DocumentBlock.Paragraph p:
                        body.Append(Paragraph(p.Text));
                        break;
                    case DocumentBlock.Table t:
                        body.Append(Centred(t.Caption, HeadingFont, 21, bold: false, keepNext: true));
                        body.Append(Table(t));
                        break;
                    case DocumentBlock.Chart c:
                        body.Append(Centred($"图　{c.Title}", HeadingFont, 21, bold: false, keepNext: true));
                        body.Append(Chart(main, c, ++charts));
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(document), block, null);
                }
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = "rIdFooter" },
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 992 }));
            main.Document = new Document(body);
        }
        return Rezipped(package.ToArray());
    }

    // A caption keeps with the table or chart it names, never alone at a page's foot.
    private static Paragraph Centred(string text, string font, int halfPoints, bool bold, bool keepNext = false)
    {
        var properties = new ParagraphProperties();
        if (keepNext)
            properties.Append(new KeepNext());
        properties.Append(new SpacingBetweenLines { After = "120" }, new Justification { Val = JustificationValues.Center });
        return new Paragraph(properties, Run(text, font, halfPoints, bold));
    }

    private static Paragraph Heading(DocumentBlock.Heading heading) =>
        new(new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = heading.Level == 1 ? "240" : "120", After = "120" }),
            Run(heading.Text, heading.Level == 1 ? HeadingFont : "楷体_GB2312", heading.Level == 1 ? 32 : 30, bold: heading.Level == 1));

    // 仿宋 三号 (16 pt) for the body, first line indented two characters, as 公文 are set.
    private static Paragraph Paragraph(string text) =>
        // Children in the schema's order (spacing, indentation, justification), as Word requires.
        new(new ParagraphProperties(new SpacingBetweenLines { Line = "360", LineRule = LineSpacingRuleValues.Auto },
                new Indentation { FirstLineChars = 200 }, new Justification { Val = JustificationValues.Both }),
            Run(text, BodyFont, 32, bold: false));

    private static Run Run(string text, string font, int halfPoints, bool bold)
    {
        var properties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font });
        if (bold)
            properties.Append(new Bold());
        properties.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Table Table(DocumentBlock.Table table)
    {
        var total = table.Columns.Sum(c => c.Width);
        var widths = table.Columns.Select(c => (int)(c.Width / total * ContentTwips)).ToArray();
        var border = new Func<BorderType, BorderType>(b => { b.Val = BorderValues.Single; b.Size = 4; return b; });
        var result = new Table(new TableProperties(
            new TableWidth { Width = ContentTwips.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(border(new TopBorder()), border(new LeftBorder()), border(new BottomBorder()), border(new RightBorder()),
                border(new InsideHorizontalBorder()), border(new InsideVerticalBorder())),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        result.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        result.Append(Row(table.Columns.Select(c => c.Header).ToList(), widths, table.Columns, header: true));
        foreach (var row in table.Rows)
            result.Append(Row(row, widths, table.Columns, header: false));
        return result;
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, IReadOnlyList<TableColumn> columns, bool header)
    {
        var row = new TableRow();
        if (header)
            row.Append(new TableRowProperties(new TableHeader(), new CantSplit()));
        for (var i = 0; i < cells.Count; i++)
        {
            var align = header ? JustificationValues.Center : columns[i].Numeric ? JustificationValues.Right : JustificationValues.Left;
            var cellProperties = new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
            if (header)
                cellProperties.Append(new Shading { Val = ShadingPatternValues.Clear, Fill = "EBEBEB" });
            row.Append(new TableCell(cellProperties,
                new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" }, new Justification { Val = align }),
                    Run(cells[i], header ? HeadingFont : BodyFont, 18, bold: false))));
        }
        return row;
    }

    private static Footer Footer(string text) =>
        new(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            Run(text + "　第 ", BodyFont, 18, bold: false),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }), new Run(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End }),
            Run(" 页 / 共 ", BodyFont, 18, bold: false),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }), new Run(new FieldCode(" NUMPAGES ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End }),
            Run(" 页", BodyFont, 18, bold: false)));

    /// <summary>A native line chart: its categories and numbers are written into the chart itself (no embedded workbook).</summary>
    private static Paragraph Chart(MainDocumentPart main, DocumentBlock.Chart chart, int number)
    {
        var id = $"rIdChart{number}";
        var part = main.AddNewPart<ChartPart>(id);
        var plot = new C.PlotArea(new C.Layout());
        var lines = new C.LineChart(new C.Grouping { Val = C.GroupingValues.Standard }, new C.VaryColors { Val = false });
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var series = chart.Series[s];
            var color = series.Kind switch { ChartLine.Actual => "A31D24", ChartLine.Expected => "1D4ED8", _ => "15803D" };
            var outline = new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = color })) { Width = 19050 };
            if (series.Kind == ChartLine.Expected)
                outline.Append(new A.PresetDash { Val = A.PresetLineDashValues.Dash });
            var values = new C.NumberLiteral(new C.FormatCode("General"), new C.PointCount { Val = (uint)series.Values.Count });
            for (var i = 0; i < series.Values.Count; i++)
                if (series.Values[i] is { } v)
                    values.Append(new C.NumericPoint(new C.NumericValue(v.ToString(CultureInfo.InvariantCulture))) { Index = (uint)i });
            var categories = new C.StringLiteral(new C.PointCount { Val = (uint)chart.Periods.Count });
            for (var i = 0; i < chart.Periods.Count; i++)
                categories.Append(new C.StringPoint(new C.NumericValue(chart.Periods[i])) { Index = (uint)i });
            lines.Append(new C.LineChartSeries(
                new C.Index { Val = (uint)s }, new C.Order { Val = (uint)s },
                new C.SeriesText(new C.NumericValue(series.Name)),
                new C.ChartShapeProperties(outline),
                new C.Marker(new C.Symbol { Val = series.Kind == ChartLine.Actual ? C.MarkerStyleValues.Circle : C.MarkerStyleValues.None }),
                new C.CategoryAxisData(categories),
                new C.Values(values),
                new C.Smooth { Val = false }));
        }
        lines.Append(new C.ShowMarker { Val = true }, new C.AxisId { Val = 1 }, new C.AxisId { Val = 2 });
        plot.Append(lines);
        plot.Append(new C.CategoryAxis(new C.AxisId { Val = 1 }, new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false }, new C.AxisPosition { Val = C.AxisPositionValues.Bottom }, new C.CrossingAxis { Val = 2 }));
        plot.Append(new C.ValueAxis(new C.AxisId { Val = 2 }, new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false }, new C.AxisPosition { Val = C.AxisPositionValues.Left }, new C.MajorGridlines(),
            new C.Title(new C.ChartText(new C.RichText(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text($"单位：{chart.Unit}")))))),
            new C.NumberingFormat { FormatCode = "General", SourceLinked = false }, new C.CrossingAxis { Val = 1 }));
        part.ChartSpace = new C.ChartSpace(
            new C.RoundedCorners { Val = false },
            new C.Chart(new C.AutoTitleDeleted { Val = true }, plot, new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Right }),
                new C.PlotVisibleOnly { Val = true }));
        const long cx = 5600000, cy = 2300000; // EMU: about 15.6 × 6.4 cm
        return new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            new Run(new Drawing(new Wp.Inline(
                new Wp.Extent { Cx = cx, Cy = cy },
                new Wp.DocProperties { Id = (uint)number, Name = $"图{number}" },
                new A.Graphic(new A.GraphicData(new C.ChartReference { Id = id }) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
            { DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0 })));
    }

    // The package written again: entries in name order ([Content_Types].xml first, as readers expect) with one fixed
    // timestamp, so the file depends on the document only.
    private static byte[] Rezipped(byte[] package)
    {
        using var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in source.Entries.OrderBy(e => e.FullName == "[Content_Types].xml" ? "" : e.FullName, StringComparer.Ordinal))
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        return output.ToArray();
    }
}
