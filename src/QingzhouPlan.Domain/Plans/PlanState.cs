using System.Collections.Immutable;

namespace QingzhouPlan.Domain.Plans;

/// <summary>A department's name from a date on.</summary>
public sealed record DepartmentName(DateOnly From, string Name);

/// <summary>A department as the plan knows it: its names over time, and when it ceased (merged into another).</summary>
public sealed record DepartmentRecord(string Code, ImmutableList<DepartmentName> Names, DateOnly? DissolvedOn, string? MergedInto)
{
    /// <summary>The name in force on a day, by the rule targets and owners follow (<see cref="Items.InForce"/>): names are kept in recorded order.</summary>
    public string NameOn(DateOnly day) => Items.InForce.On(Names.Select((name, order) => (name, order)), day, n => n.name.From, n => n.order).name!.Name;

    /// <summary>Whether the department exists on a day: from its first name's date until it was merged away.</summary>
    public bool ExistsOn(DateOnly day) => Names.Min(n => n.From) <= day && (DissolvedOn is not { } end || day < end);
}

/// <summary>A plan's own stream folded: year, departments over time, whether it is closed.</summary>
public sealed record PlanState(PlanAdopted? Adopted, ImmutableSortedDictionary<string, DepartmentRecord> Departments, bool Closed, long Version)
{
    public static readonly PlanState Empty = new(null, ImmutableSortedDictionary<string, DepartmentRecord>.Empty.WithComparers(StringComparer.Ordinal), false, 0);

    /// <summary>The round's levels, rules and window as last set (none for a plan that never set them).</summary>
    public Rounds.RoundPolicy Round { get; init; } = Rounds.RoundPolicy.None;

    public PlanState Apply(object @event)
    {
        var next = this with { Version = Version + 1 };
        return @event switch
        {
            PlanAdopted adopted => next with
            {
                Adopted = adopted,
                Departments = Departments.SetItems(adopted.Departments.Select(d => KeyValuePair.Create(d.Code,
                    new DepartmentRecord(d.Code, [new DepartmentName(new DateOnly(adopted.Year, 1, 1), d.Name)], null, null)))),
            },
            DepartmentAdded added => next with
            {
                Departments = Departments.SetItem(added.Code, new DepartmentRecord(added.Code, [new DepartmentName(added.EffectiveFrom, added.Name)], null, null)),
            },
            DepartmentRenamed renamed when Departments.TryGetValue(renamed.Code, out var d) => next with
            {
                Departments = Departments.SetItem(d.Code, d with { Names = d.Names.Add(new DepartmentName(renamed.EffectiveFrom, renamed.Name)) }),
            },
            DepartmentsMerged merged => next with
            {
                Departments = Departments.SetItems(merged.Merged.Where(Departments.ContainsKey).Select(code => KeyValuePair.Create(code,
                    Departments[code] with { DissolvedOn = merged.EffectiveFrom, MergedInto = merged.Into }))),
            },
            PlanClosed => next with { Closed = true },
            Rounds.ApprovalLevelsSet or Rounds.QualityRulesSet or Rounds.ReportingWindowSet => next with { Round = Round.Apply(@event) },
            _ => next,
        };
    }

    public static PlanState From(IEnumerable<object> events) => events.Aggregate(Empty, (s, e) => s.Apply(e));
}
