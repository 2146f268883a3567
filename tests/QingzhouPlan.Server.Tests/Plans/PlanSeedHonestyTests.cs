using QingzhouPlan.Domain.Targets;
using QingzhouPlan.Domain.Units;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>Keeps seeds/plan-2024.yaml honest against the document it claims to structure.</summary>
public sealed class PlanSeedHonestyTests
{
    private static readonly PlanSeed Seed = Seeds.Plan2024;
    private static readonly string Document = Seeds.Document2024;

    public static TheoryData<string, string> AllSources()
    {
        var data = new TheoryData<string, string>();
        foreach (var i in Seed.Indicators) data.Add(i.Code, i.Source);
        foreach (var r in Seed.Results) data.Add($"2023/{r.Code}", r.Source);
        foreach (var t in Seed.Tasks) data.Add(t.Code, t.Source);
        foreach (var e in Seed.Excluded) data.Add($"excluded {e.Number}", e.Clause);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllSources))]
    public void Every_source_occurs_verbatim_in_the_document(string code, string source)
    {
        Document.ShouldContain(source, Case.Sensitive, $"{code}: source not found in the document");
    }

    [Fact]
    public void The_seed_document_is_the_one_the_seed_was_made_from()
    {
        var document = Path.Combine(Seeds.Directory, Seed.Plan.Document);
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(document)))
            .ShouldBe(Seed.Plan.DocumentSha256);
        // Where the shared original sits beside the checkout (as in CI), the copy must match it byte for byte.
        var shared = Path.GetFullPath(Path.Combine(Seeds.Directory, "..", "..", "shared", "seeds", Seed.Plan.Document));
        if (File.Exists(shared))
            File.ReadAllBytes(document).ShouldBe(File.ReadAllBytes(shared));
    }

    [Fact]
    public void Indicator_sources_lie_in_the_2024_sections_and_result_sources_in_the_2023_report()
    {
        var (start2024, _) = PlanDocument.Sections2024(Document);
        var (start2023, end2023) = PlanDocument.Results2023(Document);
        foreach (var entry in Seed.Indicators.Select(i => (i.Code, i.Source)).Concat(Seed.Tasks.Select(t => (t.Code, t.Source))))
            PlanDocument.Occurrences(Document, entry.Source).ShouldContain(i => i >= start2024, entry.Code);
        foreach (var result in Seed.Results)
            PlanDocument.Occurrences(Document, result.Source).ShouldContain(i => i >= start2023 && i < end2023, result.Code);
    }

    [Fact]
    public void Every_number_of_an_entry_occurs_in_its_source()
    {
        var problems = new List<string>();
        foreach (var i in Seed.Indicators)
            if (!HasNumber(i.Source, i.Target))
                problems.Add($"{i.Code}: target {i.Target} not in '{i.Source}'");
        foreach (var r in Seed.Results)
            if (!HasNumber(r.Source, r.Value))
                problems.Add($"{r.Code}: value {r.Value} not in '{r.Source}'");
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Every_unit_is_in_the_catalogue_and_written_in_the_source()
    {
        var entries = Seed.Indicators.Select(i => (i.Code, i.Unit, i.Source))
            .Concat(Seed.Results.Select(r => (r.Code, r.Unit, r.Source)));
        foreach (var (code, unit, source) in entries)
        {
            UnitCatalogue.Find(unit).ShouldNotBeNull($"{code}: unit '{unit}' is not in the catalogue");
            // 余 and 多 mark a round figure and may stand inside the unit ("1 万余人" is 1 万人 and more).
            source.Replace("余", "").Replace("多", "").ShouldContain(unit, Case.Sensitive, $"{code}: unit '{unit}' not written in its source");
        }
    }

    [Fact]
    public void Codes_are_unique_within_the_plan_and_within_the_results()
    {
        Seed.Indicators.Select(i => i.Code).Concat(Seed.Tasks.Select(t => t.Code)).ShouldBeUnique();
        Seed.Results.Select(r => r.Code).ShouldBeUnique();
    }

    [Fact]
    public void The_comparator_word_of_each_source_agrees_with_the_entry()
    {
        var problems = new List<string>();
        foreach (var i in Seed.Indicators)
        {
            var worded = ComparatorWording.Read(i.Source, PlanDocument.Format(i.Target), i.Unit);
            if (worded is null)
                problems.Add($"{i.Code}: '{PlanDocument.Format(i.Target)}{i.Unit}' not found in '{i.Source}'");
            else if (!string.Equals(worded.ToString(), i.Comparator, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{i.Code}: the source words it {worded}, the entry says {i.Comparator}");
        }
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Approximate_targets_carry_a_tolerance_and_others_none()
    {
        foreach (var i in Seed.Indicators)
            (i.Tolerance > 0).ShouldBe(Enum.Parse<Comparator>(i.Comparator, true) == Comparator.Approximately, i.Code);
    }

    [Fact]
    public void Every_number_in_the_2024_sections_is_loaded_or_excluded_with_a_reason()
    {
        var (start, end) = PlanDocument.Sections2024(Document);
        var covered = new HashSet<int>();
        void Cover(string span, string number)
        {
            foreach (var at in PlanDocument.Occurrences(Document, span).Where(i => i >= start))
                foreach (var n in PlanDocument.Numbers(Document, at, at + span.Length).Where(n => n.Number == number))
                    covered.Add(n.Index);
        }
        foreach (var i in Seed.Indicators)
            Cover(i.Source, PlanDocument.Format(i.Target));
        foreach (var e in Seed.Excluded)
        {
            e.Reason.ShouldNotBeNullOrWhiteSpace(e.Clause);
            Cover(e.Clause, e.Number);
        }

        var uncovered = PlanDocument.Numbers(Document, start, end)
            .Where(n => !covered.Contains(n.Index))
            .Select(n => $"{n.Number} in '{PlanDocument.ClauseAround(Document, n.Index)}'")
            .ToList();
        uncovered.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("创建")]
    [InlineData("争创")]
    public void Every_create_and_strive_of_the_2024_sections_is_a_task(string verb)
    {
        var (start, _) = PlanDocument.Sections2024(Document);
        var clauses = PlanDocument.Occurrences(Document, verb).Where(i => i >= start)
            .Select(i => PlanDocument.ClauseAround(Document, i)).Distinct().ToList();

        clauses.ShouldNotBeEmpty();
        foreach (var clause in clauses)
            Seed.Tasks.ShouldContain(t => t.Source.Contains(clause, StringComparison.Ordinal), $"no task for '{clause}'");
    }

    [Fact]
    public void The_2023_report_gives_more_than_25_results_and_baselines_link_compatible_figures()
    {
        Seed.Results.Count.ShouldBeGreaterThan(25);
        var results = Seed.Results.ToDictionary(r => r.Code);
        foreach (var i in Seed.Indicators.Where(i => i.Baseline is not null))
        {
            results.ShouldContainKey(i.Baseline!, i.Code);
            UnitCatalogue.Convert(results[i.Baseline!].Value, results[i.Baseline!].Unit, i.Unit)
                .ShouldBeOfType<UnitConversion.Converted>($"{i.Code}: baseline unit {results[i.Baseline!].Unit} vs {i.Unit}");
        }
        Seed.Indicators.Single(i => i.Code == "LOCAL-PROCUREMENT").Baseline.ShouldBe("LOCAL-PROCUREMENT");
    }

    [Fact]
    public void Owners_and_chapters_are_declared_and_the_plan_has_about_forty_targets()
    {
        var departments = Seed.Departments.Select(d => d.Code).ToHashSet();
        var chapters = Seed.Chapters.Select(c => c.Code).ToHashSet();
        foreach (var (code, owner, chapter) in Seed.Indicators.Select(i => (i.Code, i.Owner, i.Chapter))
                     .Concat(Seed.Tasks.Select(t => (t.Code, t.Owner, t.Chapter))))
        {
            departments.ShouldContain(owner, code);
            chapters.ShouldContain(chapter, code);
        }
        Seed.Indicators.Count(i => i.Chapter == "目标").ShouldBe(5);
        Seed.Indicators.Count.ShouldBeInRange(35, 45);
    }

    private static bool HasNumber(string source, decimal value) =>
        PlanDocument.Numbers(source).Any(n => n.Number == PlanDocument.Format(value));
}
