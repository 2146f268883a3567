using ClosedXML.Excel;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Forms.Reading;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// What a form says about itself, kept on a very hidden sheet: which issued form it is, the template's
/// version, and the plan, department and reporting month it was issued for. A filled-in form is checked
/// against it before any row is read.
/// </summary>
public sealed record FormHeader(string FormId, int TemplateVersion, string PlanId, string Department, Period Round)
{
    public const string SheetName = "_表单";

    /// <summary>Raised when the layout of the form changes in a way older forms cannot be read with.</summary>
    public const int CurrentVersion = 1;

    public void WriteTo(XLWorkbook workbook, IReadOnlyList<(string Sheet, string Code, string Period)> issued)
    {
        var sheet = workbook.Worksheets.Add(SheetName);
        string[][] fields =
        [
            ["表单编号", FormId], ["模板版本", TemplateVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["计划", PlanId], ["部门", Department], ["报送月份", Round.ToString()],
        ];
        for (var r = 0; r < fields.Length; r++)
        {
            sheet.Cell(r + 1, 1).SetValue(fields[r][0]);
            sheet.Cell(r + 1, 2).SetValue(fields[r][1]);
        }
        // The items issued, so a reader can tell a row the department added from one it was sent.
        for (var i = 0; i < issued.Count; i++)
        {
            sheet.Cell(fields.Length + 2 + i, 1).SetValue(issued[i].Sheet);
            sheet.Cell(fields.Length + 2 + i, 2).SetValue(issued[i].Code);
            sheet.Cell(fields.Length + 2 + i, 3).SetValue(issued[i].Period);
        }
        sheet.Visibility = XLWorksheetVisibility.VeryHidden;
    }

    /// <summary>The header, or why the workbook is not one of this system's forms.</summary>
    public static (FormHeader? Header, string? Problem) ReadFrom(XlsxWorkbook workbook)
    {
        if (!workbook.Sheets.TryGetValue(SheetName, out var sheet))
            return (null, "这不是本系统下发的报表（缺少表单信息页），请先下载报表模板再填写");
        string Field(int row) => sheet.At(row, 2).Text.Trim();
        if (!int.TryParse(Field(2), out var version))
            return (null, "表单信息页已损坏（模板版本不可读），请重新下载报表模板");
        if (!Period.TryParse(Field(5), out var round, out _) || round.Kind != PeriodKind.Month)
            return (null, "表单信息页已损坏（报送月份不可读），请重新下载报表模板");
        return Field(1) is { Length: > 0 and <= 64 } formId
            ? (new FormHeader(formId, version, Field(3), Field(4), round), null)
            : (null, "表单信息页已损坏（表单编号不可读），请重新下载报表模板");
    }
}
