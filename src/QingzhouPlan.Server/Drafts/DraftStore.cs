using System.Text.RegularExpressions;
using JasperFx.Events;
using Marten;
using Marten.Events;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Drafts;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Drafts;

/// <summary>
/// Plan drafts in the event store: one stream per draft ("plan-draft-{id}"), read whole and folded, and appended to
/// through the one appender under the version the step was decided on, so two reviewers cannot both act on the same state.
/// </summary>
public sealed partial class DraftStore(IDocumentStore store, Appender appender)
{
    public static string Key(string draftId) => $"plan-draft-{draftId}";

    public static bool IsId(string draftId) => DraftId().IsMatch(draftId);

    public async Task<(DraftState? Draft, IReadOnlyList<IEvent> Events)> Load(string draftId, CancellationToken ct)
    {
        if (!IsId(draftId))
            return (null, []);
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Key(draftId), token: ct);
        return events.Count == 0 ? (null, events) : (DraftState.From(events.Select(e => e.Data)), events);
    }

    public Task Open(DraftOpened opened) =>
        appender.Append(Commit.One(Operations.OpenDraft, opened.Actor, new StreamAppend(Key(opened.DraftId), 0, [opened])));

    public Task Step(DraftState draft, IDraftEvent step) =>
        appender.Append(Commit.One(Operations.ReviewDraft, step.Actor, new StreamAppend(Key(draft.Id), draft.Version, [step])));

    /// <summary>Every draft opened, newest first: its document, year, size and whether it became a plan.</summary>
    public async Task<IReadOnlyList<object>> List(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypesAre(typeof(DraftOpened), typeof(DraftAdopted)))
            .ToListAsync(ct);
        var adopted = events.Where(e => e.Data is DraftAdopted).ToDictionary(e => e.StreamKey!, e => ((DraftAdopted)e.Data).PlanId, StringComparer.Ordinal);
        return events.Where(e => e.Data is DraftOpened).OrderByDescending(e => e.Timestamp).Select(e =>
        {
            var opened = (DraftOpened)e.Data;
            return (object)new
            {
                id = opened.DraftId, documentName = opened.DocumentName, year = opened.Header.Year, title = opened.Header.Title,
                openedAt = e.Timestamp, openedBy = opened.Actor.User, proposals = opened.Items.Count, adoptedAs = adopted.GetValueOrDefault(e.StreamKey!),
            };
        }).ToList();
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex DraftId();
}
