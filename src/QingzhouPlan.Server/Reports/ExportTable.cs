using System.Globalization;
using System.Text;
using ClosedXML.Excel;

namespace QingzhouPlan.Server.Reports;

/// <summary>
/// A report, diff or history laid out for export: a title, lines saying what it is (报告期, 截至时点,
/// 版本), Chinese column headers, and rows. The same table becomes CSV or an Excel sheet.
/// </summary>
public sealed record ExportTable(string Title, IReadOnlyList<(string Label, string Value)> About, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendLine(Field(Title));
        foreach (var (label, value) in About)
            csv.AppendLine($"{Field(label)},{Field(value)}");
        csv.AppendLine(string.Join(',', Columns.Select(Field)));
        foreach (var row in Rows)
            csv.AppendLine(string.Join(',', row.Select(v => Field(v is string text ? Neutralised(text) : Text(v)))));
        return csv.ToString();
    }

    public byte[] ToXlsx()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("报表");
        // SetValue keeps text as text; assigning Value would let ClosedXML turn "2024-08-31 …" into a date.
        sheet.Cell(1, 1).SetValue(Title);
        sheet.Cell(1, 1).Style.Font.Bold = true;
        var r = 2;
        foreach (var (label, value) in About)
        {
            sheet.Cell(r, 1).SetValue(label);
            sheet.Cell(r, 2).SetValue(value);
            r++;
        }
        r++;
        for (var c = 0; c < Columns.Count; c++)
        {
            sheet.Cell(r, c + 1).SetValue(Columns[c]);
            sheet.Cell(r, c + 1).Style.Font.Bold = true;
        }
        foreach (var row in Rows)
        {
            r++;
            for (var c = 0; c < row.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                switch (row[c])
                {
                    case null: break;
                    case decimal d: cell.Value = d; break;
                    case long l: cell.Value = l; break;
                    case int i: cell.Value = i; break;
                    case bool b: cell.SetValue(b ? "是" : "否"); break;
                    case var other: cell.SetValue(Text(other)); break;
                }
            }
        }
        // Widths from the text itself (a CJK character is two columns wide): ClosedXML's own measuring
        // needs libgdiplus, which a server has no reason to carry.
        for (var c = 0; c < Columns.Count; c++)
        {
            var widest = Rows.Select(row => c < row.Length ? Text(row[c]) : "").Append(Columns[c]).Max(Width);
            sheet.Column(c + 1).Width = Math.Clamp(widest + 2, 6, 60);
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss'+08:00'", CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // A text cell that starts like a formula (=HYPERLINK(…), +, -, @) is run by a spreadsheet that opens the
    // CSV; a leading apostrophe keeps it text (OWASP CSV injection). Numbers are written as numbers.
    private static string Neutralised(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static int Width(string text) => text.Sum(ch => ch > 0x2E7F ? 2 : 1);

    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
}
