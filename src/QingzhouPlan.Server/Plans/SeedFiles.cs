using System.Security.Cryptography;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace QingzhouPlan.Server.Plans;

/// <summary>Finds and reads the plan seeds: every seeds/plan-*.yaml beside the document it describes.</summary>
public sealed class SeedFiles(IConfiguration configuration, IHostEnvironment environment)
{
    public string Directory => configuration["Seeds:Directory"] is { Length: > 0 } configured
        ? Path.GetFullPath(configured, environment.ContentRootPath)
        : FindSeedsDirectory(environment.ContentRootPath) ?? FindSeedsDirectory(AppContext.BaseDirectory)
          ?? throw new InvalidOperationException("no seeds folder found; set Seeds:Directory");

    public IReadOnlyList<string> PlanFiles() =>
        System.IO.Directory.GetFiles(Directory, "plan-*.yaml").Order(StringComparer.Ordinal).ToList();

    public static PlanSeed Read(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build();
        return deserializer.Deserialize<PlanSeed>(File.ReadAllText(path));
    }

    public string DocumentText(PlanSeed seed) => File.ReadAllText(Path.Combine(Directory, seed.Plan.Document));

    public string DocumentSha256(PlanSeed seed) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Directory, seed.Plan.Document))));

    private static string? FindSeedsDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seeds");
            if (System.IO.Directory.Exists(candidate) && System.IO.Directory.GetFiles(candidate, "plan-*.yaml").Length > 0)
                return candidate;
        }
        return null;
    }
}
