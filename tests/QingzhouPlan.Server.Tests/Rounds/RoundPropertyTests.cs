using System.Text.RegularExpressions;
using JasperFx.Events;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Server.TimeSeries;

namespace QingzhouPlan.Server.Tests.Rounds;

/// <summary>
/// Random sequences of the round's steps — reports, corrections, submissions, approvals, send-backs and withdrawn
/// approvals, by the right and the wrong people — on two items of one department. A plain model of the rules, written
/// here and sharing no code with the domain, says after every step whether it is accepted, already done or refused, and
/// where each figure stands. The board (queue, sent back, completion), the InfluxDB point, the item's history and, for
/// random instants in between, the board and the as-of report folded from the events known then all agree with it.
/// </summary>
public sealed partial class RoundPropertyTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly Period March = Period.Month(2024, 3);
    private static readonly string[] Codes = ["SPEND", "PROJECTS"];

    private static readonly RoundPolicy Policy = new(
        [new ApprovalLevel("department", "部门审核", Roles.Approver, true), new ApprovalLevel("city", "综合审核", Roles.Reviewer, false)],
        [new QualityRule("range", "合理范围", RuleKind.Bounds, RuleSeverity.Block, "SPEND", 0m, 100m, null, "条款")],
        ReportingWindow.AlwaysOpen);

    private static readonly ActedBy Reporter = new("li.wei", "gxj", null, [Roles.Reporter]);
    private static readonly ActedBy OtherReporter = new("wang.fang", "czj", null, [Roles.Reporter]);
    private static readonly ActedBy Head = new("gxj.head", "gxj", null, [Roles.Approver]);
    private static readonly ActedBy OtherHead = new("czj.head", "czj", null, [Roles.Approver]);
    private static readonly ActedBy City = new("fgj.reviewer", "fgj", null, [Roles.Reviewer]);
    private static readonly ActedBy[] Actors = [Reporter, OtherReporter, Head, OtherHead, City];

    private enum Outcome { Accepted, AlreadyDone, Refused }

    /// <summary>The model: a figure, and where it stands (null stage: not submitted; levels approved when approved).</summary>
    private sealed record Model(decimal? Value, ApprovalStage? Stage, int Levels)
    {
        public static readonly Model Empty = new(null, null, 0);

        public bool Locked => Stage is ApprovalStage.Submitted or ApprovalStage.Approved;

        public int? Awaiting => Stage switch { ApprovalStage.Submitted => 0, ApprovalStage.Approved => Levels, _ => null };

        public RoundState Board => Value is null ? RoundState.Missing
            : Stage is null ? RoundState.Draft
            : Stage == ApprovalStage.SentBack ? RoundState.SentBack
            : Awaiting >= 2 ? RoundState.Final
            : RoundState.Awaiting;
    }

    private sealed record Item(string Code, List<(object Data, DateTimeOffset At)> Events)
    {
        public IndicatorState State { get; set; } = IndicatorState.Empty;

        public Model Model { get; set; } = Model.Empty;

        public Dictionary<string, string> Point { get; } = [];
    }

    [Fact]
    public void Board_InfluxDB_history_and_the_past_agree_with_a_model_of_the_round_over_random_step_sequences()
    {
        var random = new Random(20240403);
        var outcomes = new Dictionary<(string Step, Outcome Outcome), int>();
        var pastChecks = 0;
        for (var sequence = 0; sequence < 150; sequence++)
        {
            var now = new DateTimeOffset(2024, 4, 2, 9, 0, 0, Beijing);
            var items = Codes.Select(code => new Item(code, [])).ToList();
            foreach (var item in items)
                Record(item, Defined(item.Code), now);
            var timeline = new List<(DateTimeOffset At, Dictionary<string, Model> Models)>();
            var steps = new Dictionary<string, int>();
            for (var i = 0; i < 40; i++)
            {
                now = now.AddMinutes(random.Next(1, 600));
                var item = items[random.Next(items.Count)];
                var (name, decision, expected) = RandomStep(random, item, i, now);
                var context = $"sequence {sequence}, step {i}: {name} on {item.Code} from {item.Model}";
                OutcomeOf(decision).ShouldBe(expected.Outcome, context);
                outcomes[(name.Split(' ')[0], expected.Outcome)] = outcomes.GetValueOrDefault((name.Split(' ')[0], expected.Outcome)) + 1;
                if (decision is Decision.Accepted accepted)
                {
                    foreach (var e in accepted.Events)
                        Record(item, e, now);
                    item.Model = expected.After;
                    if (HistoryName(accepted.Events[0]) is { } kind)
                        steps[$"{item.Code}:{kind}"] = steps.GetValueOrDefault($"{item.Code}:{kind}") + 1;
                }
                AgreeNow(items, now, context);
                timeline.Add((now, items.ToDictionary(x => x.Code, x => x.Model)));
            }

            // History: one entry per step taken, of each kind.
            foreach (var item in items)
            {
                var history = History.Of(Recorded(item, DateTimeOffset.MaxValue));
                foreach (var kind in new[] { "submitted", "approved", "sent back", "approval withdrawn" })
                    history.Count(h => h.Change.StartsWith(kind, StringComparison.Ordinal))
                        .ShouldBe(steps.GetValueOrDefault($"{item.Code}:{kind}"), $"sequence {sequence}, {item.Code} {kind}");
            }

            // The past: for random instants, the events known then give the model's standing then.
            foreach (var _ in Enumerable.Range(0, 5))
            {
                var (at, models) = timeline[random.Next(timeline.Count)];
                var then = items.Select(x => IndicatorState.From(x.Events.Where(e => e.At <= at))).ToList();
                var board = RoundBoard.Lines(then, Policy, March, at);
                var report = AsOfReport.Build("plan", March, at, items.SelectMany(x => Recorded(x, at)));
                foreach (var code in Codes)
                {
                    var context = $"sequence {sequence}, {code} as of {at:O}";
                    board.Single(l => l.Code == code).State.ShouldBe(models[code].Board, context);
                    report.Indicators.Single(l => l.Code == code).Value.ShouldBe(models[code].Value, context);
                }
                pastChecks++;
            }
        }
        // Every kind of step was taken, accepted and refused, so no rule went untried.
        foreach (var step in new[] { "report", "correct", "submit", "approve", "sendback", "unapprove" })
        {
            outcomes.GetValueOrDefault((step, Outcome.Accepted)).ShouldBeGreaterThan(20, step);
            outcomes.GetValueOrDefault((step, Outcome.Refused)).ShouldBeGreaterThan(20, step);
        }
        outcomes.GetValueOrDefault(("submit", Outcome.AlreadyDone)).ShouldBeGreaterThan(5);
        outcomes.GetValueOrDefault(("approve", Outcome.AlreadyDone)).ShouldBeGreaterThan(5);
        pastChecks.ShouldBe(750);
    }

    /// <summary>A random step on one item, its decision, and what the model expects of it.</summary>
    private static (string Name, Decision Decision, (Outcome Outcome, Model After) Expected) RandomStep(Random random, Item item, int index, DateTimeOffset now)
    {
        var model = item.Model;
        var kind = random.Next(6);
        var level = random.Next(2);
        // Mostly the person whose step it is, so steps get far; sometimes anyone, so the wrong people are refused.
        var actor = random.Next(4) == 0 ? Actors[random.Next(Actors.Length)]
            : kind < 3 ? Reporter
            : kind == 5 || level == 1 ? City
            : Head;
        var owner = actor.Department == "gxj";
        switch (kind)
        {
            case 0:
            {
                var value = random.Next(10) == 0 ? 150m : random.Next(1, 90);
                var decision = ReportValueDecision.Decide(item.State, new ReportValue($"r{index}", March, value, "个", null, null), actor, now, Policy);
                var ok = actor.Holds(Roles.Reporter) && owner && model.Value is null && InRange(item.Code, value);
                return ($"report {value}", decision, ok ? (Outcome.Accepted, model with { Value = value }) : (Outcome.Refused, model));
            }
            case 1:
            {
                var value = random.Next(10) == 0 ? 150m : random.Next(1, 90);
                var decision = CorrectValueDecision.Decide(item.State, new CorrectValue(March, value, "个", "复核"), actor, now, Policy);
                // The department's reporters or any reviewer; never a locked figure, nor to the value already standing.
                var ok = (actor.Holds(Roles.Reporter) && owner || actor.Holds(Roles.Reviewer))
                    && model.Value is { } standing && standing != value && !model.Locked && InRange(item.Code, value);
                return ($"correct {value}", decision, ok ? (Outcome.Accepted, model with { Value = value }) : (Outcome.Refused, model));
            }
            case 2:
            {
                var decision = RoundStepDecision.Decide(item.State, Policy, new RoundStep(RoundAction.Submit, March, null, null), actor, now);
                var allowed = actor.Holds(Roles.Reporter) && owner && model.Value is not null;
                return ("submit", decision, !allowed ? (Outcome.Refused, model)
                    : model.Locked ? (Outcome.AlreadyDone, model)
                    : (Outcome.Accepted, model with { Stage = ApprovalStage.Submitted, Levels = 0 }));
            }
            default:
            {
                var code = level == 0 ? "department" : "city";
                var action = (RoundAction)(kind - 2);
                var message = random.Next(8) == 0 ? null : "请核对";
                var decision = RoundStepDecision.Decide(item.State, Policy, new RoundStep(action, March, code, message), actor, now);
                // Who acts: the department's own head at level 0, the city's reviewers at level 1; withdrawing is the level above's.
                var acting = action == RoundAction.Unapprove ? Math.Min(level + 1, 1) : level;
                var allowed = acting == 0 ? actor.Holds(Roles.Approver) && owner : actor.Holds(Roles.Reviewer);
                var name = action.ToString().ToLowerInvariant();
                if (!allowed || model.Value is null)
                    return (name, decision, (Outcome.Refused, model));
                return (name, decision, action switch
                {
                    RoundAction.Approve => model.Stage == ApprovalStage.Approved && model.Levels > level ? (Outcome.AlreadyDone, model)
                        : model.Awaiting == level ? (Outcome.Accepted, model with { Stage = ApprovalStage.Approved, Levels = level + 1 })
                        : (Outcome.Refused, model),
                    RoundAction.SendBack => model.Awaiting == level && message is not null
                        ? (Outcome.Accepted, model with { Stage = ApprovalStage.SentBack, Levels = 0 })
                        : (Outcome.Refused, model),
                    _ => model.Stage == ApprovalStage.Approved && model.Levels == level + 1 && message is not null
                        ? (Outcome.Accepted, level == 0 ? model with { Stage = ApprovalStage.Submitted, Levels = 0 } : model with { Levels = level })
                        : (Outcome.Refused, model),
                });
            }
        }
    }

    private static bool InRange(string code, decimal value) => code != "SPEND" || value is >= 0m and <= 100m;

    /// <summary>The live board, the completion and the InfluxDB point agree with the model.</summary>
    private static void AgreeNow(List<Item> items, DateTimeOffset now, string context)
    {
        var lines = RoundBoard.Lines(items.Select(x => x.State), Policy, March, now);
        foreach (var item in items)
        {
            var line = lines.Single(l => l.Code == item.Code);
            line.State.ShouldBe(item.Model.Board, context);
            line.Value.ShouldBe(item.Model.Value, context);
            line.Awaiting.ShouldBe(item.Model.Board == RoundState.Awaiting ? Policy.Levels[item.Model.Awaiting!.Value].Code : null, context);
            if (item.Model.Value is { } value)
            {
                item.Point["value"].ShouldBe(value.ToString(System.Globalization.CultureInfo.InvariantCulture), context);
                item.Point["approval"].ShouldBe(item.Model.Stage switch
                {
                    null => "\"draft\"",
                    ApprovalStage.Submitted => "\"submitted\"",
                    ApprovalStage.Approved => "\"approved\"",
                    _ => "\"sent_back\"",
                }, context);
                item.Point["approved_levels"].ShouldBe($"{(item.Model.Stage == ApprovalStage.Approved ? item.Model.Levels : 0)}i", context);
            }
        }
        var completion = RoundBoard.Completion(lines, March).Single();
        var models = items.Select(x => x.Model).ToList();
        (completion.Owed, completion.Missing, completion.SentBack, completion.Awaiting, completion.Final).ShouldBe(
            (2, models.Count(m => m.Board == RoundState.Missing), models.Count(m => m.Board == RoundState.SentBack),
             models.Count(m => m.Board == RoundState.Awaiting), models.Count(m => m.Board == RoundState.Final)), context);
    }

    /// <summary>Folds one event into the item and applies its InfluxDB changes to the item's March point.</summary>
    private static void Record(Item item, object data, DateTimeOffset at)
    {
        var before = item.State;
        item.Events.Add((data, at));
        item.State = before.Apply(data, at);
        var version = item.Events.Count;
        var @event = new Event<object>(data) { Version = version, Sequence = version, Timestamp = at };
        foreach (var change in IndicatorPoints.For(before, item.State, @event).OfType<SeriesChange.Write>().Where(w => w.Measurement == IndicatorPoints.Actual))
            foreach (Match field in FieldPattern().Matches(change.Fields))
                item.Point[field.Groups[1].Value] = field.Groups[2].Value;
    }

    private static IEnumerable<RecordedEvent> Recorded(Item item, DateTimeOffset until) =>
        item.Events.Select((e, i) => new RecordedEvent($"plan/{item.Code}", i + 1, i + 1, e.At, e.Data)).Where(e => e.RecordedAt <= until);

    private static string? HistoryName(object data) => data switch
    {
        FigureSubmitted => "submitted",
        FigureApproved => "approved",
        FigureSentBack => "sent back",
        FigureUnapproved => "approval withdrawn",
        _ => null,
    };

    private static Outcome OutcomeOf(Decision decision) => decision switch
    {
        Decision.Accepted => Outcome.Accepted,
        Decision.AlreadyDone => Outcome.AlreadyDone,
        _ => Outcome.Refused,
    };

    private static IndicatorDefined Defined(string code) =>
        new("plan", 2024, code, code == "SPEND" ? "技改投入" : "数转项目", "一", MeasureKind.Count, ValueKind.Level, Frequency.Monthly, "个",
            "gxj", true, "条款", null, ActedBy.System());

    // Fields of a line-protocol point: name=value, values quoted strings, integers (i), booleans or numbers.
    [GeneratedRegex("(?:^|,)([a-z_]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|[^,]+)")]
    private static partial Regex FieldPattern();
}
