using QingzhouPlan.Domain.Drafts;
using QingzhouPlan.Domain.Targets;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Tests.Support;
using Xunit.Abstractions;

namespace QingzhouPlan.Server.Tests.Drafts;

/// <summary>
/// The plan-document extractor scored against keys made by hand: the seed document against seeds/plan-2024.yaml (and
/// the review's results the YAML does not load, keyed beside it), and the openings of five other places' plan documents
/// from their governments' sites (Documents/, each with its source and key). A target is right when a proposal has its
/// value, unit and comparator; a result, its value and unit. Recall is the share of the key proposed right; precision the
/// share of proposals that are right. Both are printed.
/// </summary>
public sealed class ExtractorScoreTests(ITestOutputHelper output)
{
    private sealed record Key(QuantityKind Kind, decimal Value, string Unit, Comparator? Comparator, string What);

    [Fact]
    public void On_the_seed_document_the_extractor_finds_the_keyed_targets_and_results()
    {
        var seeds = Path.Combine(Repository.Root, "seeds");
        var seed = SeedFiles.Read(Path.Combine(seeds, "plan-2024.yaml"));
        var document = File.ReadAllText(Path.Combine(seeds, "qingzhou-2024-plan.txt"));
        var key = seed.Indicators.Select(i => new Key(QuantityKind.Target, i.Target, i.Unit, Enum.Parse<Comparator>(i.Comparator, true), $"{i.Code} {i.Source}"))
            .Concat(seed.Results.Select(r => new Key(QuantityKind.Result, r.Value, r.Unit, null, $"{r.Code} {r.Source}")))
            // One clause may key several items with one number (存贷款 … 增长 15.7%和 9.2%); each number is proposed once.
            .DistinctBy(k => (k.Kind, k.Value, k.Unit, k.Comparator, k.What.Split(' ')[1]))
            .Concat(KeyFile("qingzhou-2024-results-not-loaded.key"))
            .ToList();

        var draft = PlanExtractor.Extract(document);
        var (targets, results) = (Score(draft, key, QuantityKind.Target), Score(draft, key, QuantityKind.Result));

        output.WriteLine($"header: {draft.Header}");
        output.WriteLine($"chapters: {string.Join(" ", draft.Chapters.Select(c => c.Code + c.Title))}");
        output.WriteLine($"targets: recall {targets.Recall:P1} ({targets.Found}/{targets.Keyed}), precision {targets.Precision:P1} ({targets.Right}/{targets.Proposed})");
        output.WriteLine($"results: recall {results.Recall:P1} ({results.Found}/{results.Keyed}), precision {results.Precision:P1} ({results.Right}/{results.Proposed})");
        // Tasks: the seed keeps a selection of the document's tasks, so only how many of them are proposed is scored;
        // a proposal is right for a seed task when its clause is the task's, or holds it whole.
        var flat = draft.Tasks.Select(t => t.Text.Replace("\n", "", StringComparison.Ordinal)).ToList();
        var tasksFound = seed.Tasks.Where(t => flat.Any(p => p.Contains(t.Source, StringComparison.Ordinal))).ToList();
        var taskRecall = (double)tasksFound.Count / seed.Tasks.Count;
        output.WriteLine($"tasks: recall {taskRecall:P1} ({tasksFound.Count}/{seed.Tasks.Count} of the seed's), {draft.Tasks.Count} proposed");
        foreach (var missed in seed.Tasks.Except(tasksFound))
            output.WriteLine($"missed task: {missed.Code} {missed.Source}");
        foreach (var missed in targets.Missed.Concat(results.Missed))
            output.WriteLine($"missed: {missed}");
        foreach (var wrong in targets.Wrong.Concat(results.Wrong))
            output.WriteLine($"wrong: {wrong}");

        draft.Header.Year.ShouldBe(2024);
        draft.Header.AdoptedOn.ShouldBe(new DateOnly(2024, 1, 12));
        draft.Chapters.Select(c => c.Code).ShouldBe(["目标", "一", "二", "三", "四", "五", "六", "七", "八", "九"]);
        targets.Recall.ShouldBeGreaterThanOrEqualTo(0.95);
        targets.Precision.ShouldBeGreaterThanOrEqualTo(0.95);
        results.Recall.ShouldBeGreaterThanOrEqualTo(0.9);
        results.Precision.ShouldBeGreaterThanOrEqualTo(0.9);
        taskRecall.ShouldBeGreaterThanOrEqualTo(0.9);
    }

    [Theory]
    [InlineData("xingping_2023_plan")]
    [InlineData("xianyang_2024_plan")]
    [InlineData("ziyang_2025_plan")]
    [InlineData("pingli_2025_plan")]
    [InlineData("lianyungang_2024_report")]
    public void On_other_places_documents_keyed_by_hand_recall_and_precision_are_at_least_nine_in_ten(string name)
    {
        // The first lines name the source; the document starts after them.
        var text = string.Join('\n', File.ReadAllLines(Path.Combine(Folder, $"{name}.txt")).SkipWhile(l => l.StartsWith("# ", StringComparison.Ordinal)));
        var key = KeyFile($"{name}.key");
        var draft = PlanExtractor.Extract(text);
        var scores = new[] { Score(draft, key, QuantityKind.Target), Score(draft, key, QuantityKind.Result) };
        var (keyed, found, proposed, right) = (scores.Sum(s => s.Keyed), scores.Sum(s => s.Found), scores.Sum(s => s.Proposed), scores.Sum(s => s.Right));
        var (recall, precision) = ((double)found / keyed, proposed == 0 ? 1 : (double)right / proposed);

        output.WriteLine($"{name}: recall {recall:P1} ({found}/{keyed}), precision {precision:P1} ({right}/{proposed})");
        foreach (var line in scores.SelectMany(s => s.Missed.Select(m => $"missed: {m}").Concat(s.Wrong.Select(w => $"wrong: {w}"))))
            output.WriteLine(line);
        recall.ShouldBeGreaterThanOrEqualTo(0.9);
        precision.ShouldBeGreaterThanOrEqualTo(0.9);
    }

    private static string Folder => Path.Combine(Repository.Root, "tests", "QingzhouPlan.Server.Tests", "Drafts", "Documents");

    private static IReadOnlyList<Key> KeyFile(string name) =>
        File.ReadAllLines(Path.Combine(Folder, name))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => new Key(f[0] == "target" ? QuantityKind.Target : QuantityKind.Result, decimal.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture),
                f[2], f[3] == "-" ? null : Enum.Parse<Comparator>(f[3]), f[4]))
            .ToList();

    private sealed record Scores(int Keyed, int Found, int Proposed, int Right, IReadOnlyList<string> Missed, IReadOnlyList<string> Wrong)
    {
        public double Recall => Keyed == 0 ? 1 : (double)Found / Keyed;

        public double Precision => Proposed == 0 ? 1 : (double)Right / Proposed;
    }

    // Each keyed item is matched by at most one proposal and each proposal matches at most one item, in document order.
    private static Scores Score(DraftProposal draft, IReadOnlyList<Key> key, QuantityKind kind)
    {
        var open = key.Where(k => k.Kind == kind).ToList();
        var keyed = open.Count;
        var proposals = draft.Quantities.Where(q => q.Kind == kind).ToList();
        var wrong = new List<string>();
        foreach (var proposal in proposals)
        {
            var match = open.FirstOrDefault(k => k.Value == proposal.Value && k.Unit == proposal.Unit && k.Comparator == proposal.Comparator);
            if (match is null)
                wrong.Add($"{proposal.Value} {proposal.Unit} {proposal.Comparator} «{proposal.Name}» in «{proposal.Clause}»");
            else
                open.Remove(match);
        }
        return new Scores(keyed, keyed - open.Count, proposals.Count, proposals.Count - wrong.Count, open.Select(k => $"{k.Value} {k.Unit} {k.Comparator} {k.What}").ToList(), wrong);
    }
}
