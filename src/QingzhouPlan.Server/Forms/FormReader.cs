using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// Reads a filled-in form as people really fill them: columns found by heading, blank rows and footers
/// passed over, full-width digits and thousands separators read, formulas taken at their last calculated
/// value (and said so), merged cells either shared (a note) or refused (a figure). Nothing is guessed.
/// </summary>
public static class FormReader
{
    public static FormReading Read(byte[] file, FormLimits limits)
    {
        if (ZipGuard.Problem(file, limits) is { } problem)
            return FormReading.Failed(problem);
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(file));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return FormReading.Failed(ZipGuard.NotAWorkbook);
        }
        using (workbook)
        {
            var (header, headerProblem) = FormHeader.ReadFrom(workbook);
            if (header is null)
                return FormReading.Failed(headerProblem!);
            var findings = new List<FormFinding>();
            var entries = new List<FormEntry>();
            var letters = new Dictionary<(string, string), string>();
            foreach (var other in workbook.Worksheets.Where(s => s.Name is not (FormColumns.FiguresSheet or FormColumns.TasksSheet or FormHeader.SheetName)))
                findings.Add(FormFinding.OfFile($"另有工作表「{other.Name}」，未读取", FindingSeverity.Note));
            foreach (var (name, required) in Sheets)
            {
                if (!workbook.TryGetWorksheet(name, out var sheet))
                {
                    findings.Add(FormFinding.OfFile($"缺少工作表「{name}」"));
                    continue;
                }
                new SheetReader(sheet, limits, findings, entries, letters).Read(required);
            }
            return new FormReading(header, entries, findings, letters);
        }
    }

    private static readonly (string Sheet, string[] Required)[] Sheets =
    [
        (FormColumns.FiguresSheet, [FormColumns.Code, FormColumns.Period, FormColumns.Unit, FormColumns.Value]),
        (FormColumns.TasksSheet, [FormColumns.Code, FormColumns.NewStatus, FormColumns.Narrative]),
    ];

    /// <summary>Cell text as a person means it: NFKC (full-width letters and digits folded), trimmed.</summary>
    internal static string Clean(string text) => text.Normalize(NormalizationForm.FormKC).Trim();

    internal static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    /// <summary>A number cell as Excel shows it: 15 significant digits, so 0.1 + 0.2 reads as 0.3.</summary>
    internal static decimal FromDouble(double value) =>
        decimal.Parse(value.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
}
