using System.Globalization;
using System.Text;

namespace QingzhouPlan.Domain.Forms;

/// <summary>
/// A figure as people type it into a form: full-width digits (１２３．５), thousands separators (1,234.5),
/// a minus sign of any width, a trailing percent sign. Anything else is not a number: a figure is never guessed.
/// </summary>
public static class FormNumber
{
    public static decimal? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        // NFKC folds full-width digits, points, commas and signs to their ASCII forms.
        var s = text.Normalize(NormalizationForm.FormKC).Trim().Replace('\u2212', '-').Replace(" ", "");
        if (s.EndsWith('%'))
            s = s[..^1];
        if (s.Contains(','))
        {
            if (!HasThousandsGroups(s))
                return null;
            s = s.Replace(",", "");
        }
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    // "1,234,567.5" groups by three; "12,34" is a typing error or a decimal comma, and either way not a figure to trust.
    private static bool HasThousandsGroups(string s)
    {
        var integer = s.Split('.')[0].TrimStart('-', '+');
        var groups = integer.Split(',');
        return groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3);
    }
}
