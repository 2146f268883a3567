namespace QingzhouPlan.Transparency;

/// <summary>
/// An edition exported for checking offline: the edition's checkpoint (a signed note), the leaf of its
/// publication, and each figure with the leaf of the event that set it. Every leaf carries its entry (base64),
/// the event's canonical JSON that the entry hashes, and its inclusion proof in the checkpoint.
/// </summary>
public sealed record ExportedEdition(
    string Format, string Plan, int Edition, string Period, string Title, string Checkpoint, ExportedLeaf Publication, IReadOnlyList<ExportedFigure> Figures)
{
    public const string CurrentFormat = "qingzhou-edition-export/v1";
}

public sealed record ExportedFigure(string Item, string Period, decimal Value, ExportedLeaf Leaf);

public sealed record ExportedLeaf(long Index, string Entry, string Data, IReadOnlyList<string> Proof);
