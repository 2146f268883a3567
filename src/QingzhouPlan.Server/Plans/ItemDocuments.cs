using JasperFx.Events;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Plans;

// An item's state as stored beside its events, in the same transaction (an inline projection). The
// projection adds no rules of its own: it applies each event with the domain's one fold, so a read after
// an acknowledged write sees exactly the state the item's grain holds, which is also why the grain's own
// appends can hand it the document as it holds it (HeldDocuments). Read models are computed from it.

public sealed record IndicatorDocument(string Id, string PlanId, IndicatorState State);

public sealed record TaskDocument(string Id, string PlanId, TaskState State);

public sealed class IndicatorDocumentProjection(HeldDocuments held) : HeldStreamProjection<IndicatorDocument>(held)
{
    protected override string IdOf(IndicatorDocument document) => document.Id;

    public override IndicatorDocument? Evolve(IndicatorDocument? snapshot, string id, IEvent e)
    {
        if (snapshot is null && e.Data is not IndicatorDefined)
            return null;
        var state = (snapshot?.State ?? IndicatorState.Empty).Apply(e.Data, e.Timestamp);
        return new IndicatorDocument(id, state.Definition!.PlanId, state);
    }
}

public sealed class TaskDocumentProjection(HeldDocuments held) : HeldStreamProjection<TaskDocument>(held)
{
    protected override string IdOf(TaskDocument document) => document.Id;

    public override TaskDocument? Evolve(TaskDocument? snapshot, string id, IEvent e)
    {
        if (snapshot is null && e.Data is not TaskDefined)
            return null;
        var state = (snapshot?.State ?? TaskState.Empty).Apply(e.Data, e.Timestamp);
        return new TaskDocument(id, state.Definition!.PlanId, state);
    }
}
