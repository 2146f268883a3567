using System.Security.Cryptography;
using System.Text;

namespace QingzhouPlan.Domain.Forms;

/// <summary>
/// A row's id: the form's id and the row's content, hashed. It becomes the report id (or progress id), so
/// the same row uploaded twice is the same report, recorded once.
/// </summary>
public static class FormRowId
{
    public static string Of(string formId, FormEntry entry) => entry switch
    {
        FigureEntry f => Hash(formId, f.Sheet, f.Code, f.Period.ToString(), f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Unit, f.Note ?? ""),
        ProgressEntry p => Hash(formId, p.Sheet, p.Code, p.Status.ToString(), p.Narrative),
        _ => throw new ArgumentOutOfRangeException(nameof(entry), entry, null),
    };

    // Fields joined by a character no cell text contains after reading (control characters are refused).
    private static string Hash(params string[] parts) =>
        "form-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..32];
}
