using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Units;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>A department reports its figure for a period. <see cref="ReportId"/> makes retries safe.</summary>
[GenerateSerializer, Immutable, Alias("ReportValue")]
public sealed record ReportValue(
    [property: Id(0)] string ReportId,
    [property: Id(1)] Period Period,
    [property: Id(2)] decimal Value,
    [property: Id(3)] string Unit,
    [property: Id(4)] string? Note,
    [property: Id(5)] string? Source,
    // Left out of the command's JSON when absent, so retry keys fingerprinted before it existed keep their meaning.
    [property: Id(6), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Explanation = null);

public static class ReportValueDecision
{
    private static Decision Refuse(RefusalKind kind, string field, string message, string clerk) => Decision.Refuse(kind, field, message, clerk);

    private static Decision Refuse(RefusalKind kind, string field, RuleBreach breach) => Decision.Refuse(kind, field, breach);

    /// <summary>Figures beyond this magnitude (in the indicator's unit) are typing errors, not reports.</summary>
    public const decimal MaxMagnitude = 1_000_000_000_000m;

    public static Decision Decide(IndicatorState state, ReportValue command, ActedBy actor, DateTimeOffset now, Rounds.RoundPolicy? policy = null)
    {
        policy ??= Rounds.RoundPolicy.None;
        if (Guards.Writable(state, ItemAction.Report, actor, now) is { } refused)
            return refused;
        var indicator = state.Definition!;

        if (string.IsNullOrWhiteSpace(command.ReportId) || command.ReportId.Length > 100)
            return Refuse(RefusalKind.Invalid, "reportId", "a report id of 1–100 characters is required", "缺少报送编号（1–100 个字符）");

        if (state.ReportsById.TryGetValue(command.ReportId, out var earlier))
            return SamePayload(earlier, command)
                ? new Decision.AlreadyDone()
                : Refuse(RefusalKind.Conflict, "reportId",
                    $"report id '{command.ReportId}' was already used for a different figure ({earlier.Period}: {earlier.ReceivedValue} {earlier.ReceivedUnit})",
                    $"报送编号「{command.ReportId}」已用于另一笔数据（{earlier.Period}：{earlier.ReceivedValue} {earlier.ReceivedUnit}）");

        if (PeriodRules.Check(indicator, command.Period, now) is { } periodProblem)
            return Refuse(RefusalKind.Invalid, "period", periodProblem);

        if (Rounds.EntryRules.Open(state, policy, command.Period, actor, now) is { } closed)
            return closed;

        if (Normalise(indicator, command.Value, command.Unit) is not { } value)
            return NormaliseRefusal(indicator, command.Value, command.Unit);

        if (ValueDomain.Check(indicator, value) is { } outOfDomain)
            return Refuse(RefusalKind.Invalid, "value", outOfDomain);

        if (state.Figures.ContainsKey(command.Period))
            return Refuse(RefusalKind.Conflict, "period",
                $"{command.Period} is already reported; send a correction with a reason to change it",
                $"{command.Period} 已经报送；如需改动，请提交更正并说明原因");

        if (YearToDateRule.Check(indicator, state.Figures, command.Period, value) is { } ytdProblem)
            return Refuse(RefusalKind.Invalid, "value", ytdProblem);

        var (broken, explained) = Rounds.EntryRules.Rules(state, policy, command.Period, value, command.Explanation, actor);
        if (broken is not null)
            return broken;
        var reported = new ValueReported(command.Period, value, command.ReportId, command.Value, command.Unit.Trim(), command.Note, command.Source, actor);
        return explained is null ? Decision.Accept(reported) : Decision.Accept(reported, explained);
    }

    /// <summary>The value in the indicator's unit, or null when the unit or magnitude is unacceptable.</summary>
    internal static decimal? Normalise(IndicatorDefined indicator, decimal value, string unit) =>
        UnitCatalogue.Convert(value, unit, indicator.Unit) is UnitConversion.Converted { Value: var v } && Math.Abs(v) <= MaxMagnitude
            ? v
            : null;

    internal static Decision NormaliseRefusal(IndicatorDefined indicator, decimal value, string unit) =>
        UnitCatalogue.Convert(value, unit, indicator.Unit) is UnitConversion.Refused refused
            ? Refuse(RefusalKind.Invalid, "unit", $"{refused.Reason.Message}; this indicator is measured in {indicator.Unit}",
                $"{refused.Reason.Clerk}；本指标的计量单位是 {indicator.Unit}")
            : Refuse(RefusalKind.Invalid, "value", $"{value} {unit} is implausibly large for {indicator.Name}",
                $"{value} {unit} 对{indicator.Name}来说大得不合常理");

    private static bool SamePayload(ValueReported earlier, ReportValue command) =>
        earlier.Period == command.Period
        && earlier.ReceivedValue == command.Value
        && earlier.ReceivedUnit == command.Unit.Trim();

}
