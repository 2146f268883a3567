using JasperFx.Events;
using Marten.Events.Aggregation;
using QingzhouPlan.Domain.Plans;

namespace QingzhouPlan.Server.Plans;

/// <summary>A plan's header: year, title, document, departments and chapters.</summary>
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
    DateTimeOffset LoadedAt);

public sealed class PlanViewProjection : SingleStreamProjection<PlanView, string>
{
    public PlanView Create(IEvent<PlanAdopted> e)
    {
        var d = e.Data;
        return new PlanView(e.StreamKey!, d.Year, d.Region, d.Title, d.AdoptedOn, d.AdoptedBy, d.Document, d.DocumentSha256,
            d.Departments, d.Chapters, e.Timestamp);
    }
}
