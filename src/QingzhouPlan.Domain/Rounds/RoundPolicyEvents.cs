using QingzhouPlan.Domain.Plans;

namespace QingzhouPlan.Domain.Rounds;

// The round's policy is part of the plan's own stream, so what was in force on any past day is read back by
// folding the stream to then. Each event replaces its part whole: the stream keeps every earlier version.

/// <summary>The approval levels a department's round passes, in order.</summary>
public sealed record ApprovalLevelsSet(IReadOnlyList<ApprovalLevel> Levels, string Reason, ActedBy Actor) : IPlanEvent;

/// <summary>The data-quality rules every report, correction and round is checked against.</summary>
public sealed record QualityRulesSet(IReadOnlyList<QualityRule> Rules, string Reason, ActedBy Actor) : IPlanEvent;

/// <summary>When entry for a period opens and closes.</summary>
public sealed record ReportingWindowSet(ReportingWindow Window, string Reason, ActedBy Actor) : IPlanEvent;
