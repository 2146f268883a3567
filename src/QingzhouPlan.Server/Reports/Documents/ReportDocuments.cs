using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Domain.Reports.Documents;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Transparency;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Reports.Documents;

/// <summary>
/// Gathers what a report document is made of — for a period as of an instant, or for a published edition — and
/// writes it as PDF or DOCX. An edition's document carries the signed checkpoint that holds the edition and each
/// figure's leaf, so it exists only once that checkpoint does (moments after publication); until then there is none
/// rather than one that would later change.
/// </summary>
public sealed class ReportDocuments(PlanEventReader reader, Editions editions, EditionExport exports, IConfiguration configuration)
{
    public enum Format
    {
        Pdf,
        Docx,
    }

    public string FontFile => configuration["Documents:FontFile"] ?? CjkFont.DefaultFile;

    public byte[] Write(ReportDocument document, Format format) => format switch
    {
        Format.Pdf => PdfReportWriter.Write(document, FontFile),
        Format.Docx => DocxReportWriter.Write(document),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The document of a period as it stood at an instant, compared with the last edition published before it.</summary>
    public async Task<ReportDocument?> AsOf(string planId, Period period, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await PlanAt(planId, at, cancellationToken) is not { } plan)
            return null;
        var known = await reader.KnownAt(planId, at, cancellationToken);
        var previous = (await editions.List(planId, cancellationToken)).LastOrDefault(e => e.PublishedAt <= at && e.Period == period.ToString());
        var earlier = previous is null ? null : await Earlier(planId, previous.Number, cancellationToken);
        return ReportDocumentBuilder.Build(new DocumentSources(plan.Adopted!, Names(plan, period), period, at, known, null, earlier));
    }

    /// <summary>An edition's document, or why there is none: no such edition, or its checkpoint is not signed yet.</summary>
    public async Task<(ReportDocument? Document, string? Missing)> Edition(string planId, int number, CancellationToken cancellationToken)
    {
        if (await editions.Published(planId, number, cancellationToken) is not { } edition)
            return (null, "edition");
        var (export, missing) = await exports.Of(planId, number, cancellationToken);
        if (export is null)
            return (null, missing);
        var checkpoint = Checkpoint.Parse(SignedNote.Parse(export.Checkpoint).Text);
        var proof = $"透明日志检查点：树大小 {checkpoint.Size}，根哈希 {Convert.ToHexStringLower(checkpoint.Root)[..16]}";
        var leaves = export.Figures.ToDictionary(f => (PlanKeys.Split(f.Item).Code, f.Period), f => f.Leaf.Index);
        var period = Period.Parse(edition.Published.Period);
        if (await PlanAt(planId, edition.PublishedAt, cancellationToken) is not { } plan)
            return (null, "edition");
        var known = await reader.UpTo(edition.Published.Versions, cancellationToken);
        // The edition before it of the same period, if any: "changes since" is between two fixed editions, so it never moves.
        var before = (await editions.List(planId, cancellationToken)).LastOrDefault(e => e.Number < number && e.Period == edition.Published.Period);
        var earlier = before is null ? null : await Earlier(planId, before.Number, cancellationToken);
        var mark = new EditionMark(number, edition.Published.Title, edition.PublishedAt, proof);
        return (ReportDocumentBuilder.Build(new DocumentSources(plan.Adopted!, Names(plan, period), period, edition.PublishedAt, known, mark, earlier, leaves)), null);
    }

    /// <summary>The period an edition reports, or null when there is no such edition.</summary>
    public async Task<string?> PeriodOf(string planId, int number, CancellationToken cancellationToken) =>
        (await editions.Published(planId, number, cancellationToken))?.Published.Period;

    private async Task<PreviousEdition> Earlier(string planId, int number, CancellationToken cancellationToken)
    {
        var edition = (await editions.Published(planId, number, cancellationToken))!.Value;
        return new PreviousEdition(new EditionMark(number, edition.Published.Title, edition.PublishedAt, null), await reader.UpTo(edition.Published.Versions, cancellationToken));
    }

    // The plan's own stream as it stood then: its title, chapters, and the departments' names in force.
    private async Task<PlanState?> PlanAt(string planId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var plan = PlanState.From((await reader.Stream(planId, cancellationToken)).Where(e => e.RecordedAt <= at).OrderBy(e => e.Version).Select(e => e.Data));
        return plan.Adopted is null ? null : plan;
    }

    private static IReadOnlyDictionary<string, string> Names(PlanState plan, Period period) =>
        plan.Departments.Values.Where(d => d.Names.Min(n => n.From) <= period.LastDay).ToDictionary(d => d.Code, d => d.NameOn(period.LastDay));
}
