using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>The repository's seed folder and the 2024 plan in it.</summary>
public static class Seeds
{
    public static string Directory { get; } = Find();

    public static PlanSeed Plan2024 { get; } = SeedFiles.Read(Path.Combine(Directory, "plan-2024.yaml"));

    /// <summary>The document as read: the page layout's line breaks removed, so a clause split across pages reads whole.</summary>
    public static string Document2024 { get; } =
        File.ReadAllText(Path.Combine(Directory, Plan2024.Plan.Document)).Replace("\r", "").Replace("\n", "");

    /// <summary>Copies the seed folder so a test can alter a seed without touching the repository.</summary>
    public static string CopyTo(string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.GetFiles(Directory))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        return target;
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seeds");
            if (File.Exists(Path.Combine(candidate, "plan-2024.yaml")))
                return candidate;
        }
        throw new DirectoryNotFoundException("seeds/plan-2024.yaml not found above the test binaries");
    }
}
