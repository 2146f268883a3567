namespace QingzhouPlan.Benchmarks;

/// <summary>Copies of the 2024 plan under other ids (bench-001 …), for volume: each loads as a plan of its own.</summary>
public static class PlanCopies
{
    public static string Id(int n) => $"bench-{n:D3}";

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "seeds", "plan-2024.yaml")))
                return dir.FullName;
        throw new DirectoryNotFoundException("the repository's seeds/ folder was not found above the benchmark");
    }

    public static string Write(string directory, int count)
    {
        var seeds = Path.Combine(RepositoryRoot(), "seeds");
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(seeds, "qingzhou-2024-plan.txt"), Path.Combine(directory, "qingzhou-2024-plan.txt"), overwrite: true);
        var yaml = File.ReadAllText(Path.Combine(seeds, "plan-2024.yaml"));
        for (var n = 1; n <= count; n++)
            File.WriteAllText(Path.Combine(directory, $"plan-{Id(n)}.yaml"), yaml
                .Replace("  id: qingzhou-2024\n", $"  id: {Id(n)}\n")
                .Replace("previousPlanId: qingzhou-2023", $"previousPlanId: {Id(n)}-prev"));
        return directory;
    }
}
