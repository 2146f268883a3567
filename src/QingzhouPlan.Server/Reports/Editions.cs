using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Reports;

/// <summary>Publishing and re-rendering editions of execution reports.</summary>
public sealed class Editions(IDocumentStore store, PlanEventReader reader, Appender appender, Transparency.LogSequencer log)
{
    public static string StreamKey(string planId) => $"{planId}/editions";

    /// <summary>
    /// Publishes an edition, or answers the one a retry with the same key published (Created false). Two
    /// publications at once: the second is refused as a conflict rather than reuse a number.
    /// </summary>
    public async Task<(EditionPublished? Edition, bool Created, Refusal? Refusal)> Publish(
        string planId, Period period, string title, ActedBy actor, RetryKey? key, CancellationToken cancellationToken)
    {
        var keys = await reader.StreamKeys(planId, cancellationToken);
        await using var session = store.QuerySession();
        // The links are written in each append's own transaction, so the chains' heads are at the streams' versions.
        var heads = await SealLinks.Heads(session, keys, cancellationToken);
        var published = await session.Events.FetchStreamAsync(StreamKey(planId), token: cancellationToken);
        // A retry key is its user's: another user's key names nothing of theirs.
        if (key is not null && published.FirstOrDefault(e => e.UserName == actor.User && e.Headers?.GetValueOrDefault(RetryKey.KeyHeader)?.ToString() == key.Key) is { } earlier)
            return earlier.Headers!.GetValueOrDefault(RetryKey.FingerprintHeader)?.ToString() == key.Fingerprint
                ? ((EditionPublished)earlier.Data, false, null)
                : (null, false, new Refusal(RefusalKind.Conflict, RetryKey.Header, $"'{key.Key}' was already used to publish a different edition",
                    "这个重试编号已用于发布另一版次"));
        var edition = new EditionPublished(planId, published.Count + 1, period.ToString(), title,
            heads.ToDictionary(h => h.Key, h => h.Value.Version), heads.ToDictionary(h => h.Key, h => h.Value.Hash), actor);
        try
        {
            await appender.Append(Commit.One(Operations.PublishEdition, actor, new StreamAppend(StreamKey(planId), published.Count, [edition]), key));
        }
        catch (Exception ex) when (Appender.IsConflict(ex))
        {
            return (null, false, new Refusal(RefusalKind.Conflict, "number",
                $"edition {published.Count + 1} was published by someone else at the same moment; look at the editions and publish again if still needed",
                $"第 {published.Count + 1} 版已由他人同时发布，请查看版次后再决定是否发布"));
        }
        // Each edition gets a checkpoint of its own, as soon as its publication is logged.
        log.CheckpointSoon();
        return (edition, true, null);
    }

    /// <summary>An edition's pinned versions and the moment it was published, or null.</summary>
    public async Task<(IReadOnlyDictionary<string, long> Versions, DateTimeOffset PublishedAt)?> Pinned(string planId, int number, CancellationToken cancellationToken) =>
        await Published(planId, number, cancellationToken) is { } edition ? (edition.Published.Versions, edition.PublishedAt) : null;

    /// <summary>An edition's publication and the moment it was recorded, or null.</summary>
    public async Task<(EditionPublished Published, DateTimeOffset PublishedAt)?> Published(string planId, int number, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamKey(planId), token: cancellationToken);
        return number < 1 || number > events.Count ? null : ((EditionPublished)events[number - 1].Data, events[number - 1].Timestamp);
    }

    public async Task<IReadOnlyList<EditionSummary>> List(string planId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamKey(planId), token: cancellationToken);
        return events.Select(e => (e, d: (EditionPublished)e.Data))
            .Select(x => new EditionSummary(x.d.Number, x.d.Period, x.d.Title, x.e.Timestamp, x.d.Actor.User)).ToList();
    }

    /// <summary>The edition as published, and the figures revised since (compared with the report as of now).</summary>
    public async Task<RenderedEdition?> Render(string planId, int number, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamKey(planId), token: cancellationToken);
        if (number < 1 || number > events.Count)
            return null;
        var published = events[number - 1];
        var edition = (EditionPublished)published.Data;
        var period = Period.Parse(edition.Period);
        var report = AsOfReport.Build(planId, period, published.Timestamp, await reader.UpTo(edition.Versions, cancellationToken));
        var current = await reader.ReportAt(planId, period, now, cancellationToken);
        var currentLines = current.Indicators.ToDictionary(l => l.Code);
        var revised = report.Indicators
            .Where(l => currentLines.TryGetValue(l.Code, out var c) && (c.Value != l.Value || c.TargetText != l.TargetText))
            .Select(l => new RevisedSincePublication(l.Code, l.Value, currentLines[l.Code].Value, l.TargetText, currentLines[l.Code].TargetText))
            .ToList();
        return new RenderedEdition(edition.Number, edition.Title, published.Timestamp, edition.Actor.User, report, revised, edition.ChainHeads);
    }
}

public sealed record EditionSummary(int Number, string Period, string Title, DateTimeOffset PublishedAt, string PublishedBy);

public sealed record RevisedSincePublication(string Code, decimal? Published, decimal? Now, string? PublishedTarget, string? TargetNow);

public sealed record RenderedEdition(
    int Number,
    string Title,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    ExecutionReport Report,
    IReadOnlyList<RevisedSincePublication> RevisedSincePublication,
    IReadOnlyDictionary<string, string> ChainHeads);
