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

    public T? On(DateOnly day, DateTimeOffset? knownAt = null) =>
        InForce.On(knownAt is { } t ? Entries.Where(e => e.RecordedAt <= t) : Entries, day, e => e.EffectiveFrom, e => e.Version);

    /// <summary>The latest entry recorded (not necessarily in force yet).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public T? Latest => Entries.IsEmpty ? default : Entries[^1];
}

/// <summary>
/// The one rule for "which of some dated entries holds on a day": the one with the latest effective date on or
/// before the day; of two effective the same day, the one recorded later (the higher <c>order</c>). Before the
/// earliest effective date the earliest entry holds: the adopted target, the first owner, a department's first
/// name apply from the plan's start. Targets, owners and department names all answer through it.
/// </summary>
public static class InForce
{
    public static T? On<T>(IEnumerable<T> entries, DateOnly day, Func<T, DateOnly> effectiveFrom, Func<T, long> order)
    {
        (T Entry, DateOnly From, long Order)? found = null;
        (T Entry, DateOnly From)? earliest = null;
        foreach (var entry in entries)
        {
            var from = effectiveFrom(entry);
            if (earliest is null || from < earliest.Value.From)
                earliest = (entry, from);
            if (from <= day && (found is null || (from, order(entry)).CompareTo((found.Value.From, found.Value.Order)) > 0))
                found = (entry, from, order(entry));
        }
        return found is { } f ? f.Entry : earliest is { } e ? e.Entry : default;
    }
}
