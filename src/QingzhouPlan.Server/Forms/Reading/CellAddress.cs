namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>A1-style cell addresses, within the largest sheet a spreadsheet program makes (XFD1048576).</summary>
public static class CellAddress
{
    public const int MaxRow = 1_048_576;
    public const int MaxColumn = 16_384;

    public static string Of(int row, int column) => $"{Letters(column)}{row}";

    public static string Letters(int column)
    {
        Span<char> letters = stackalloc char[3];
        var at = letters.Length;
        for (; column > 0; column = (column - 1) / 26)
            letters[--at] = (char)('A' + (column - 1) % 26);
        return new string(letters[at..]);
    }

    /// <summary>"B7" as (7, 2); false for anything else, including addresses past the largest sheet.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int row, out int column)
    {
        row = column = 0;
        var i = 0;
        for (; i < text.Length && char.IsAsciiLetter(text[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(text[i]) - 'A' + 1);
            if (column > MaxColumn)
                return false;
        }
        if (i == 0 || i == text.Length)
            return false;
        for (; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
                return false;
            row = row * 10 + (text[i] - '0');
            if (row > MaxRow)
                return false;
        }
        return row >= 1;
    }

    /// <summary>"A1:C3" (or a single "B2") as a range.</summary>
    public static CellRange? Range(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 1 or > 2 || !TryParse(parts[0], out var top, out var left))
            return null;
        if (parts.Length == 1)
            return new CellRange(top, left, top, left);
        return TryParse(parts[1], out var bottom, out var right) && bottom >= top && right >= left
            ? new CellRange(top, left, bottom, right)
            : null;
    }
}
