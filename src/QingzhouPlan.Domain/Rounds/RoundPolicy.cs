using System.Collections.Immutable;

namespace QingzhouPlan.Domain.Rounds;

/// <summary>
/// What a plan's monthly round runs by: its approval levels, its data-quality rules and its reporting window.
/// A plan without them (one loaded before they existed) has no levels, no rules and entry always open.
/// </summary>
[GenerateSerializer, Immutable, Alias("RoundPolicy")]
public sealed record RoundPolicy(
    [property: Id(0)] ImmutableArray<ApprovalLevel> Levels,
    [property: Id(1)] ImmutableArray<QualityRule> Rules,
    [property: Id(2)] ReportingWindow Window,
    [property: Id(3)] int GraceDays = Calendar.ReportingCalendar.DefaultGraceDays)
{
    // GraceDays is the reporting calendar's (每月10日前报上月数据), which the server configures: the window counts from that deadline.
    public static readonly RoundPolicy None = new([], [], ReportingWindow.AlwaysOpen);

    /// <summary>The level a figure awaits after <paramref name="approvedLevels"/> approvals, or null when it is final.</summary>
    public ApprovalLevel? Awaiting(int approvedLevels) => approvedLevels < Levels.Length ? Levels[approvedLevels] : null;

    public int IndexOf(string levelCode) => Levels.Select(l => l.Code).ToList().IndexOf(levelCode);

    public RoundPolicy Apply(object @event) => @event switch
    {
        ApprovalLevelsSet set => this with { Levels = [.. set.Levels] },
        QualityRulesSet set => this with { Rules = [.. set.Rules] },
        ReportingWindowSet set => this with { Window = set.Window },
        _ => this,
    };
}
