namespace QingzhouPlan.Server.Plans;

// The shape of seeds/plan-YYYY.yaml. Plain settable classes because YamlDotNet fills them; the loader
// turns them into domain events and refuses anything it cannot map, naming the entry.

public sealed class PlanSeed
{
    public PlanInfoSeed Plan { get; set; } = new();
    public List<DepartmentSeed> Departments { get; set; } = [];
    public List<ChapterSeed> Chapters { get; set; } = [];
    public List<IndicatorSeed> Indicators { get; set; } = [];
    public List<ResultSeed> Results { get; set; } = [];
    public List<TaskSeed> Tasks { get; set; } = [];
    public List<ExclusionSeed> Excluded { get; set; } = [];

    /// <summary>The monthly round: approval levels, data-quality rules, reporting window. Absent: none, entry always open.</summary>
    public RoundSeed? Round { get; set; }
}

public sealed class RoundSeed
{
    public List<LevelSeed> Levels { get; set; } = [];
    public WindowSeed? Window { get; set; }
    public List<RuleSeed> Rules { get; set; } = [];
}

public sealed class LevelSeed
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public bool OwnDepartment { get; set; }
    public int? DueDaysAfterDeadline { get; set; }
}

public sealed class WindowSeed
{
    public int OpensAfterPeriodEndDays { get; set; }
    public int? ClosesAfterDeadlineDays { get; set; }
}

public sealed class RuleSeed
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Severity { get; set; } = "";
    public string Indicator { get; set; } = "";
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public string? Other { get; set; }

    /// <summary>The clause of the plan the rule protects, quoted.</summary>
    public string Clause { get; set; } = "";
}

public sealed class PlanInfoSeed
{
    public string Id { get; set; } = "";
    public int Year { get; set; }
    public string Region { get; set; } = "";
    public string Title { get; set; } = "";
    public string AdoptedOn { get; set; } = "";
    public string AdoptedBy { get; set; } = "";
    public string Document { get; set; } = "";

    /// <summary>SHA-256 of the document the seed was made from; the loader refuses a different document.</summary>
    public string DocumentSha256 { get; set; } = "";

    /// <summary>The plan whose execution results the document reports (the previous year's).</summary>
    public string PreviousPlanId { get; set; } = "";
}

public sealed class DepartmentSeed
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}

public sealed class ChapterSeed
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
}

public sealed class IndicatorSeed
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Chapter { get; set; } = "";
    public string Measure { get; set; } = "";
    public string ValueKind { get; set; } = "";
    public string Frequency { get; set; } = "";
    public string Unit { get; set; } = "";
    public decimal Target { get; set; }
    public string Comparator { get; set; } = "";
    public decimal Tolerance { get; set; }
    public string Owner { get; set; } = "";

    /// <summary>True when the document names no owner and the department was assigned here.</summary>
    public bool OwnerAssigned { get; set; } = true;

    public string Source { get; set; } = "";

    /// <summary>Code of the previous year's result this target builds on, where the document pairs them.</summary>
    public string? Baseline { get; set; }

    /// <summary>
    /// Code of the previous plan's indicator this one carries on (the same indicator, another year). Without a
    /// <see cref="Baseline"/>, that indicator's actual for its year is the baseline.
    /// </summary>
    public string? Continues { get; set; }
}

public sealed class ResultSeed
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Chapter { get; set; } = "";
    public string Measure { get; set; } = "";
    public string Period { get; set; } = "";
    public decimal Value { get; set; }
    public string Unit { get; set; } = "";
    public string Owner { get; set; } = "";
    public string Source { get; set; } = "";
}

public sealed class TaskSeed
{
    public string Code { get; set; } = "";
    public string Chapter { get; set; } = "";
    public string Text { get; set; } = "";
    public string Owner { get; set; } = "";
    public bool OwnerAssigned { get; set; } = true;
    public string Source { get; set; } = "";
}

/// <summary>A clause of the plan sections that holds a number but is deliberately not an indicator.</summary>
public sealed class ExclusionSeed
{
    public string Clause { get; set; } = "";

    /// <summary>The number in the clause that is excluded, as written ("309").</summary>
    public string Number { get; set; } = "";

    public string Reason { get; set; } = "";
}
