using JasperFx.Events;
using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Audit;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// Everything one operation writes, committed together or not at all: one stream's events for a command, a
/// whole form's, a plan's when it is loaded. <see cref="Operation"/> is a stable name (<see cref="Operations"/>)
/// stored with every event.
/// </summary>
public sealed record Commit(string Operation, ActedBy Actor, IReadOnlyList<StreamAppend> Streams)
{
    /// <summary>The client's retry key, kept with the events so a retry answers what the first attempt did.</summary>
    public RetryKey? RetryKey { get; init; }

    /// <summary>Rows and documents that belong with these events (a form's file and its import record): written in the same transaction.</summary>
    public Action<IDocumentSession>? Alongside { get; init; }

    public static Commit One(string operation, ActedBy actor, StreamAppend stream, RetryKey? retryKey = null) =>
        new(operation, actor, [stream]) { RetryKey = retryKey };
}

/// <summary>
/// One stream's part of a commit: the events, decided against <see cref="Version"/> (0 for a stream that must not
/// exist yet), what the writer holds of the stream at that version, and, for a form, the row each event came from.
/// </summary>
public sealed record StreamAppend(string Key, long Version, IReadOnlyList<object> Events, HeldStream? Held = null, IReadOnlyList<string>? FormRows = null);

/// <summary>
/// What a writer holds of a stream at the version it appends to: the stream's document (an item's state as stored,
/// or null when it has none) and the head of its hash chain. The inline projections extend these rather than read
/// them back, and take them only at exactly that version (see HeldDocuments).
/// </summary>
public sealed record HeldStream(IStreamDocument? Document, ChainHead Head);

/// <summary>A stream's events as committed: version, sequence and timestamp as stored.</summary>
public sealed record CommittedStream(string Key, IReadOnlyList<IEvent> Events);

/// <summary>A document kept per stream by an inline projection, and how many of the stream's events it has folded.</summary>
public interface IStreamDocument
{
    long StreamVersion { get; }
}
