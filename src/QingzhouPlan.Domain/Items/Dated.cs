using System.Collections.Immutable;

namespace QingzhouPlan.Domain.Items;

/// <summary>A fact about an item that holds from a date on, recorded at an instant (a target, an owner).</summary>
public interface IDated
{
    DateOnly EffectiveFrom { get; }

    DateTimeOffset RecordedAt { get; }

    /// <summary>The stream version of the event that recorded it: orders two facts recorded for the same day.</summary>
    long Version { get; }
}

/// <summary>
/// Everything ever recorded about one dated fact of an item, in recorded order. <see cref="On"/> is the one
/// rule for "which holds on day D, as known at instant T" — for targets and owners alike:
/// among the entries recorded by T, the one with the latest effective date on or before D; two effective on
/// the same day → the one recorded later. Before the earliest effective date, the earliest entry holds
/// (the adopted target and the first owner apply from the plan's start).
/// </summary>
[GenerateSerializer, Immutable, Alias("DatedHistory")]
public sealed record DatedHistory<T>([property: Id(0)] ImmutableList<T> Entries) where T : IDated
{
    public static readonly DatedHistory<T> None = new(ImmutableList<T>.Empty);

    public DatedHistory<T> With(T entry) => new(Entries.Add(entry));

    public T? On(DateOnly day, DateTimeOffset? knownAt = null)
    {
        T? found = default;
        T? earliest = default;
        foreach (var entry in Entries)
        {
            if (knownAt is { } t && entry.RecordedAt > t)
                continue;
            if (earliest is null || entry.EffectiveFrom < earliest.EffectiveFrom)
                earliest = entry;
            if (entry.EffectiveFrom <= day
                && (found is null || (entry.EffectiveFrom, entry.Version).CompareTo((found.EffectiveFrom, found.Version)) > 0))
                found = entry;
        }
        return found ?? earliest;
    }

    /// <summary>The latest entry recorded (not necessarily in force yet).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public T? Latest => Entries.IsEmpty ? default : Entries[^1];
}
