namespace QingzhouPlan.Server.Tests.Support;

/// <summary>The repository's root: the folder above the test binaries that holds QingzhouPlan.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QingzhouPlan.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("QingzhouPlan.sln not found above the test binaries");
    }
}
