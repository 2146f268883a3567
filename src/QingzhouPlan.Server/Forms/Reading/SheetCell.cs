namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>
/// A cell as its file stored it. A formula's value is the result its program last calculated and saved;
/// nothing here ever calculates one, so a formula saved without a result is <see cref="CellKind.NoResult"/>.
/// </summary>
public readonly record struct SheetCell(CellKind Kind, string Text, string? Formula)
{
    public bool IsFormula => Formula is not null;

    public bool IsEmpty => Kind != CellKind.NoResult && Text.Length == 0 && Formula is null;

    public static readonly SheetCell Empty = new(CellKind.Text, "", null);
}

public enum CellKind
{
    Text,
    Number,
    Boolean,
    Error,
    NoResult,
}
