using System.Text.Json.Serialization;
using JasperFx.Events;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Items;

// An item's state as stored beside its events, in the same transaction (an inline projection). The
// projection adds no rules of its own: it applies each event with the domain's one fold, so a read after
// an acknowledged write sees exactly the state the item's grain holds, which is also why the grain's own
// appends can hand it the document as it holds it (HeldDocuments). Read models are computed from it.

public sealed record IndicatorDocument(string Id, string PlanId, IndicatorState State) : IStreamDocument
{
    [JsonIgnore]
    public long StreamVersion => State.Version;

    /// <summary>The document of an item in this state; none before it is defined.</summary>
    public static IndicatorDocument? Of(string id, IndicatorState state) =>
        state.Definition is { } definition ? new IndicatorDocument(id, definition.PlanId, state) : null;
}

public sealed record TaskDocument(string Id, string PlanId, TaskState State) : IStreamDocument
{
    [JsonIgnore]
    public long StreamVersion => State.Version;

    /// <summary>The document of a task in this state; none before it is defined.</summary>
    public static TaskDocument? Of(string id, TaskState state) =>
        state.Definition is { } definition ? new TaskDocument(id, definition.PlanId, state) : null;
}

public sealed class IndicatorDocumentProjection(HeldDocuments held) : StreamDocumentProjection<IndicatorDocument>(held)
{
    protected override string IdOf(IndicatorDocument document) => document.Id;

    public override IndicatorDocument? Evolve(IndicatorDocument? snapshot, string id, IEvent e)
    {
        if (snapshot is null && e.Data is not IndicatorDefined)
            return null;
        return IndicatorDocument.Of(id, (snapshot?.State ?? IndicatorState.Empty).Apply(e.Data, e.Timestamp));
    }
}

public sealed class TaskDocumentProjection(HeldDocuments held) : StreamDocumentProjection<TaskDocument>(held)
{
    protected override string IdOf(TaskDocument document) => document.Id;

    public override TaskDocument? Evolve(TaskDocument? snapshot, string id, IEvent e)
    {
        if (snapshot is null && e.Data is not TaskDefined)
            return null;
        return TaskDocument.Of(id, (snapshot?.State ?? TaskState.Empty).Apply(e.Data, e.Timestamp));
    }
}
