namespace QingzhouPlan.Domain.Forms;

/// <summary>What a row does to its item: a new figure, a corrected one, task progress, or nothing at all.</summary>
[GenerateSerializer, Immutable, Alias("FormChange")]
public sealed record FormChange(
    [property: Id(0)] string Sheet,
    [property: Id(1)] int Row,
    [property: Id(2)] string Code,
    [property: Id(3)] string? Period,
    [property: Id(4)] FormChangeKind Kind,
    [property: Id(5)] string? Before,
    [property: Id(6)] string? After);

public enum FormChangeKind
{
    Report,
    Correction,
    Progress,
    Unchanged,
}
