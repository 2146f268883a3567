namespace QingzhouPlan.Server.Plans;

/// <summary>
/// When a department's deadlines are next looked at, in real time, kept in PostgreSQL: a process that restarts
/// more often than the interval picks the schedule up where it stood instead of starting the interval again, and
/// one that was down when a check fell due makes it at once.
/// </summary>
public sealed record DeadlineSchedule(string Id, DateTimeOffset NextAt);
