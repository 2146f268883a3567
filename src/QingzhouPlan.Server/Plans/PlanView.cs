using System.Text.Json.Serialization;
using JasperFx.Events;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>A plan's own stream folded by the domain, stored inline beside its events.</summary>
public sealed record PlanDocument(string Id, PlanState State, DateTimeOffset LoadedAt) : IStreamDocument
{
    [JsonIgnore]
    public long StreamVersion => State.Version;
}

public sealed class PlanDocumentProjection(HeldDocuments held) : StreamDocumentProjection<PlanDocument>(held)
{
    protected override string IdOf(PlanDocument document) => document.Id;

    public override PlanDocument? Evolve(PlanDocument? snapshot, string id, IEvent e) =>
        snapshot is null && e.Data is not PlanAdopted
            ? null
            : new PlanDocument(id, (snapshot?.State ?? PlanState.Empty).Apply(e.Data), snapshot?.LoadedAt ?? e.Timestamp);
}

/// <summary>A plan's header: year, title, document, its departments as named on a day, and chapters.</summary>
public sealed record PlanView(
    string Id,
    int Year,
    string Region,
    string Title,
    DateOnly AdoptedOn,
    string AdoptedBy,
    string Document,
    string DocumentSha256,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<Chapter> Chapters,
    IReadOnlyList<DepartmentRecord> DepartmentHistory,
    bool Closed,
    DateTimeOffset LoadedAt)
{
    public static PlanView From(PlanDocument document, DateTimeOffset now)
    {
        var a = document.State.Adopted!;
        var today = PlanClock.Today(now);
        return new PlanView(document.Id, a.Year, a.Region, a.Title, a.AdoptedOn, a.AdoptedBy, a.Document, a.DocumentSha256,
            document.State.Departments.Values.Where(d => d.ExistsOn(today)).Select(d => new Department(d.Code, d.NameOn(today))).ToList(),
            a.Chapters, document.State.Departments.Values.ToList(), document.State.Closed, document.LoadedAt);
    }
}
