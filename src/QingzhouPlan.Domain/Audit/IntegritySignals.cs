using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Domain.Audit;

/// <summary>
/// What an auditor asks of a plan's record (统计法 第二十一条; 直报 practice): who reported for more than one
/// department, which published figures were revised after their edition, which reports came after their
/// deadline, which acts fell outside working hours or in bursts. A list with its evidence — the leaves of the
/// transparency log that record each act — for a person to weigh, not a score: each signal may have a good reason.
/// </summary>
public static class IntegritySignals
{
    /// <summary>Acts by one account within this span, more than <see cref="BurstSize"/> of them, are a burst.</summary>
    public static readonly TimeSpan BurstSpan = TimeSpan.FromMinutes(1);

    public const int BurstSize = 20;

    // 北京时间 07:00–22:00 is when a department's clerk plausibly works.
    private const int FirstWorkingHour = 7;
    private const int LastWorkingHour = 22;

    public static IReadOnlyList<IntegritySignal> Find(IReadOnlyList<LoggedAct> acts, IReadOnlyList<PublishedEdition> editions, int graceDays)
    {
        var people = acts.Where(a => Actor(a) is { } actor && !actor.Holds(Roles.System)).ToList();
        return
        [
            .. SeveralDepartments(people),
            .. RevisedAfterEdition(acts, editions),
            .. AfterDeadline(people, graceDays),
            .. OffHours(people),
            .. Bursts(people),
        ];
    }

    private static IEnumerable<IntegritySignal> SeveralDepartments(IEnumerable<LoggedAct> acts) =>
        acts.GroupBy(a => Actor(a)!.User)
            .Where(g => g.Select(a => Actor(a)!.Department).Distinct().Count() > 1)
            .Select(g => new IntegritySignal(SignalKind.SeveralDepartments, g.Key,
                $"同一账号 {g.Key} 为 {string.Join("、", g.Select(a => Actor(a)!.Department).Distinct().Order(StringComparer.Ordinal))} 等多个部门填报",
                Leaves(g)));

    private static IEnumerable<IntegritySignal> RevisedAfterEdition(IReadOnlyList<LoggedAct> acts, IReadOnlyList<PublishedEdition> editions)
    {
        foreach (var edition in editions)
            foreach (var act in acts.Where(a => edition.Versions.TryGetValue(a.Stream, out var pinned) && a.Version > pinned))
                if (act.Data is ValueCorrected or ValueRetracted)
                    yield return new IntegritySignal(SignalKind.RevisedAfterEdition, Actor(act)!.User,
                        $"第 {edition.Number} 版（{PlanClock.Today(edition.PublishedAt):yyyy-MM-dd}）发布后，{act.Stream} {PeriodOf(act)} 的数值被{(act.Data is ValueCorrected ? "更正" : "撤回")}",
                        Leaves([act]));
    }

    private static IEnumerable<IntegritySignal> AfterDeadline(IEnumerable<LoggedAct> acts, int graceDays) =>
        acts.Where(a => a.Data is ValueReported r && a.RecordedAt >= ReportingCalendar.Deadline(ReportingCalendar.DueOn(r.Period, graceDays)))
            .GroupBy(a => Actor(a)!.User)
            .Select(g => new IntegritySignal(SignalKind.ReportedAfterDeadline, g.Key,
                $"{g.Key} 有 {g.Count()} 项数据在报送截止日之后才首次填报", Leaves(g)));

    private static IEnumerable<IntegritySignal> OffHours(IEnumerable<LoggedAct> acts) =>
        acts.Where(a => a.RecordedAt.ToOffset(PlanClock.ChinaOffset).Hour is < FirstWorkingHour or >= LastWorkingHour)
            .GroupBy(a => Actor(a)!.User)
            .Select(g => new IntegritySignal(SignalKind.OffHours, g.Key,
                $"{g.Key} 有 {g.Count()} 次操作在北京时间 {LastWorkingHour}:00 至次日 {FirstWorkingHour}:00 之间", Leaves(g)));

    // A form's rows are one act of one upload; they count once, or every monthly form would be a burst.
    private static IEnumerable<IntegritySignal> Bursts(IEnumerable<LoggedAct> acts)
    {
        foreach (var person in acts.GroupBy(a => Actor(a)!.User))
        {
            var ordered = person.DistinctBy(a => Actor(a)!.SourceFile is { } file ? file : $"{a.Stream}#{a.Version}").OrderBy(a => a.RecordedAt).ToList();
            var start = 0;
            List<LoggedAct>? widest = null;
            for (var end = 0; end < ordered.Count; end++)
            {
                while (ordered[end].RecordedAt - ordered[start].RecordedAt > BurstSpan)
                    start++;
                if (end - start + 1 > BurstSize && end - start + 1 > (widest?.Count ?? 0))
                    widest = ordered[start..(end + 1)];
            }
            if (widest is not null)
                yield return new IntegritySignal(SignalKind.Burst, person.Key,
                    $"{person.Key} 在一分钟内操作 {widest.Count} 次（{widest[0].RecordedAt.ToOffset(PlanClock.ChinaOffset):yyyy-MM-dd HH:mm}）", Leaves(widest));
        }
    }

    private static ActedBy? Actor(LoggedAct act) => (act.Data as IItemEvent)?.Actor;

    private static string PeriodOf(LoggedAct act) => act.Data switch
    {
        ValueCorrected c => c.Period.ToString(),
        ValueRetracted r => r.Period.ToString(),
        _ => "",
    };

    private static IReadOnlyList<Evidence> Leaves(IEnumerable<LoggedAct> acts) =>
        acts.OrderBy(a => a.RecordedAt).Select(a => new Evidence(a.Stream, a.Version, a.Leaf, a.RecordedAt)).ToList();
}

/// <summary>An event of a plan item as the log holds it: its leaf (null while not yet logged), stream, version, time and data.</summary>
public sealed record LoggedAct(long? Leaf, string Stream, long Version, DateTimeOffset RecordedAt, object Data);

/// <summary>An edition's publication: the versions it pinned.</summary>
public sealed record PublishedEdition(int Number, DateTimeOffset PublishedAt, IReadOnlyDictionary<string, long> Versions);

public enum SignalKind
{
    SeveralDepartments,
    RevisedAfterEdition,
    ReportedAfterDeadline,
    OffHours,
    Burst,
}

/// <summary>One signal: its kind, whose acts, what it is in Chinese, and the acts that show it.</summary>
public sealed record IntegritySignal(SignalKind Kind, string User, string Detail, IReadOnlyList<Evidence> Evidence);

/// <summary>One act behind a signal, and the log's leaf that records it.</summary>
public sealed record Evidence(string Stream, long Version, long? Leaf, DateTimeOffset RecordedAt);
