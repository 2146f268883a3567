using ClosedXML.Excel;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Periods;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// An indicator's line in a form: what is asked, how it was measured before, the figure already standing, if any, and
/// where it stands in the month's round (审核状态) with the approvers' send-back message or the reporter's 上报说明.
/// </summary>
public sealed record FigureLine(
    string Code, string Name, Period Period, string Unit, string Basis, decimal? Previous, string? Target, decimal? Standing, string RoundState, string? RoundRemark);

/// <summary>A task's line in a form.</summary>
public sealed record TaskLine(string Code, string Text, TaskStatus Status);

/// <summary>
/// A department's report form for a month as an Excel workbook: a sheet of the indicators due, a sheet of its
/// open tasks, and the hidden header. Only the unit, figure and note cells (and a task's status and narrative)
/// are open to typing; the rest is locked, so a department fills in the form rather than redraws it.
/// </summary>
public static class FormTemplate
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Build(FormHeader header, string title, IReadOnlyList<FigureLine> figures, IReadOnlyList<TaskLine> tasks)
    {
        using var workbook = new XLWorkbook();
        var month = $"{header.Round.Year}年{header.Round.FirstMonth}月";
        Figures(workbook.Worksheets.Add(FormColumns.FiguresSheet), $"{title}　{month}报表", figures);
        Tasks(workbook.Worksheets.Add(FormColumns.TasksSheet), $"{title}　{month}重点任务进展", tasks);
        header.WriteTo(workbook,
        [
            .. figures.Select(f => (FormColumns.FiguresSheet, f.Code, f.Period.ToString())),
            .. tasks.Select(t => (FormColumns.TasksSheet, t.Code, "")),
        ]);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The row of the column headings; data starts on the next row.</summary>
    public const int HeadingRow = 3;

    private static readonly string[] FigureHeadings =
    [
        FormColumns.Number, FormColumns.Code, FormColumns.Name, FormColumns.Period, FormColumns.Unit, FormColumns.Basis,
        FormColumns.Previous, FormColumns.Target, FormColumns.Value, FormColumns.Note, FormColumns.RoundState, FormColumns.RoundRemark,
    ];

    private static readonly string[] TaskHeadings =
        [FormColumns.Number, FormColumns.Code, FormColumns.TaskText, FormColumns.CurrentStatus, FormColumns.NewStatus, FormColumns.Narrative];

    private static void Figures(IXLWorksheet sheet, string title, IReadOnlyList<FigureLine> lines)
    {
        Heading(sheet, title,
            "填写「计量单位」「本期数」「备注或更正原因」三列。已报的数改动即为更正，须在备注中写明原因；审核规则要求说明的数，备注即上报说明；不填的行不报送。"
            + "「审核状态」为下载时的状态，已报送待审核或已审核通过的数须先退回才能改动。", FigureHeadings);
        for (var i = 0; i < lines.Count; i++)
        {
            var row = HeadingRow + 1 + i;
            var line = lines[i];
            sheet.Cell(row, 1).SetValue(i + 1);
            sheet.Cell(row, 2).SetValue(line.Code);
            sheet.Cell(row, 3).SetValue(line.Name);
            sheet.Cell(row, 4).SetValue(line.Period.ToString());
            sheet.Cell(row, 5).SetValue(line.Unit);
            sheet.Cell(row, 6).SetValue(line.Basis);
            if (line.Previous is { } previous)
                sheet.Cell(row, 7).SetValue(previous);
            sheet.Cell(row, 8).SetValue(line.Target ?? "");
            if (line.Standing is { } standing)
                sheet.Cell(row, 9).SetValue(standing);
            sheet.Cell(row, 11).SetValue(line.RoundState);
            sheet.Cell(row, 12).SetValue(line.RoundRemark ?? "");
            foreach (var open in new[] { 5, 9, 10 })
                sheet.Cell(row, open).Style.Protection.SetLocked(false);
        }
        Widths(sheet, [6, 22, 30, 10, 10, 40, 12, 16, 14, 40, 14, 40]);
        sheet.Protect();
    }

    private static void Tasks(IXLWorksheet sheet, string title, IReadOnlyList<TaskLine> lines)
    {
        Heading(sheet, title, "有进展的任务填写「本期状态」（下拉选择）和「进展情况」；不填的行不报送。", TaskHeadings);
        var choices = string.Join(',', FormColumns.Choosable.Select(FormColumns.Describe));
        for (var i = 0; i < lines.Count; i++)
        {
            var row = HeadingRow + 1 + i;
            sheet.Cell(row, 1).SetValue(i + 1);
            sheet.Cell(row, 2).SetValue(lines[i].Code);
            sheet.Cell(row, 3).SetValue(lines[i].Text);
            sheet.Cell(row, 4).SetValue(FormColumns.Describe(lines[i].Status));
            sheet.Cell(row, 5).Style.Protection.SetLocked(false);
            sheet.Cell(row, 6).Style.Protection.SetLocked(false);
        }
        if (lines.Count > 0)
        {
            var validation = sheet.Range(HeadingRow + 1, 5, HeadingRow + lines.Count, 5).SetDataValidation();
            validation.List($"\"{choices}\"", true);
            validation.ErrorMessage = $"请选择：{choices}";
        }
        Widths(sheet, [6, 22, 60, 10, 10, 60]);
        sheet.Protect();
    }

    private static void Heading(IXLWorksheet sheet, string title, string guidance, string[] headings)
    {
        sheet.Cell(1, 1).SetValue(title);
        sheet.Cell(1, 1).Style.Font.SetBold(true).Font.SetFontSize(14);
        sheet.Range(1, 1, 1, headings.Length).Merge();
        sheet.Cell(2, 1).SetValue(guidance);
        sheet.Range(2, 1, 2, headings.Length).Merge();
        for (var c = 0; c < headings.Length; c++)
        {
            var cell = sheet.Cell(HeadingRow, c + 1);
            cell.SetValue(headings[c]);
            cell.Style.Font.SetBold(true).Fill.SetBackgroundColor(XLColor.LightGray);
        }
        sheet.SheetView.FreezeRows(HeadingRow);
    }

    private static void Widths(IXLWorksheet sheet, int[] widths)
    {
        for (var c = 0; c < widths.Length; c++)
            sheet.Column(c + 1).Width = widths[c];
    }
}
