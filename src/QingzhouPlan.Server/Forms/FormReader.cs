using System.Globalization;
using System.Text;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Server.Forms.Reading;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// Reads a filled-in form as people really fill them: columns found by heading, blank rows and footers
/// passed over, full-width digits and thousands separators read, formulas taken at their last calculated
/// value (and said so), merged cells either shared (a note) or refused (a figure). Nothing is guessed, and no
/// formula is ever calculated: a file is data, never code the server runs (<see cref="XlsxWorkbook"/>).
/// </summary>
public static class FormReader
{
    /// <summary>The form as read; <see cref="TimeoutException"/> when reading it takes longer than <see cref="FormLimits.ReadTime"/>.</summary>
    public static FormReading Read(byte[] file, FormLimits limits, CancellationToken cancellationToken)
    {
        XlsxWorkbook workbook;
        try
        {
            workbook = XlsxWorkbook.Read(file, [FormColumns.FiguresSheet, FormColumns.TasksSheet, FormHeader.SheetName], limits,
                SheetReader.HeadingRowsSearched + limits.MaxRows, ReadLimit.Within(limits.ReadTime, cancellationToken));
        }
        catch (UnreadableWorkbook unreadable)
        {
            return FormReading.Failed(unreadable.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException or System.Xml.XmlException)
        {
            // The zip itself (an encrypted entry, a compression method no one reads, a broken directory or
            // checksum), or XML broken where no part name was at hand.
            return FormReading.Failed(ZipGuard.NotAWorkbook);
        }
        var (header, headerProblem) = FormHeader.ReadFrom(workbook);
        if (header is null)
            return FormReading.Failed(headerProblem!);
        var findings = new List<FormFinding>();
        var entries = new List<FormEntry>();
        var letters = new Dictionary<(string, string), string>();
        foreach (var other in workbook.SheetNames.Where(s => s is not (FormColumns.FiguresSheet or FormColumns.TasksSheet or FormHeader.SheetName)))
            findings.Add(FormFinding.OfFile($"另有工作表「{other}」，未读取", FindingSeverity.Note));
        foreach (var (name, required) in Sheets)
        {
            if (!workbook.Sheets.TryGetValue(name, out var sheet))
            {
                findings.Add(FormFinding.OfFile($"缺少工作表「{name}」"));
                continue;
            }
            new SheetReader(sheet, findings, entries, letters).Read(required);
        }
        return new FormReading(header, entries, findings, letters);
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
    internal static decimal? FromStored(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && decimal.TryParse(value.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var shown)
            ? shown
            : null;
}
