using QingzhouPlan.Domain.Rounds;

namespace QingzhouPlan.Server.Plans;

/// <summary>Domain values as a seed file writes them: enum names in camel case, the round in its seed shape.</summary>
public static class SeedValues
{
    public static string Name<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static RoundSeed Round(IEnumerable<ApprovalLevel> levels, IEnumerable<QualityRule> rules, ReportingWindow? window) => new()
    {
        Levels = levels.Select(l => new LevelSeed
        {
            Code = l.Code, Name = l.Name, Role = l.Role, OwnDepartment = l.OwnDepartment, DueDaysAfterDeadline = l.DueDaysAfterDeadline,
        }).ToList(),
        Rules = rules.Select(r => new RuleSeed
        {
            Id = r.Id, Name = r.Name, Kind = Name(r.Kind), Severity = Name(r.Severity), Indicator = r.Indicator, Min = r.Min, Max = r.Max,
            Other = r.Other, Clause = r.Clause,
        }).ToList(),
        Window = window is null ? null : new WindowSeed
        {
            OpensAfterPeriodEndDays = window.OpensAfterPeriodEndDays, ClosesAfterDeadlineDays = window.ClosesAfterDeadlineDays,
        },
    };
}
