using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Domain.Forms;

/// <summary>What one row of a form comes to: events to append, nothing to do, or a finding that stops the form.</summary>
public abstract record RowDecision
{
    private RowDecision() { }

    /// <summary>The row changes its item; <paramref name="Note"/> tells what the reporter should know of it (a soft rule explained).</summary>
    public sealed record Changed(IReadOnlyList<IItemEvent> Events, FormChange Change, FormFinding? Note = null) : RowDecision;

    public sealed record Unchanged(FormChange Change) : RowDecision;

    public sealed record Refused(FormFinding Finding) : RowDecision;
}
