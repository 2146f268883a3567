namespace QingzhouPlan.Domain.Reports;

/// <summary>
/// A report published as an edition: it pins each plan item's stream version and chain head at the
/// moment of publication, so the edition renders the same forever, and shows what was revised since.
/// </summary>
public sealed record EditionPublished(
    string PlanId,
    int Number,
    string Period,
    string Title,
    IReadOnlyDictionary<string, long> Versions,
    IReadOnlyDictionary<string, string> ChainHeads,
    ActedBy Actor);
