using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// `mint-token --user li.wei --department gxj --role reporter [--role reviewer] [--hours 8]`: prints a
/// bearer token signed with the configured local key, for local use and scripts.
/// </summary>
public static class MintTokenCommand
{
    public static bool TryRun(string[] args, IConfiguration configuration)
    {
        if (args.Length == 0 || args[0] != "mint-token")
            return false;
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var user = Value("--user");
        var department = Value("--department");
        var roles = args.Select((a, i) => (a, i)).Where(p => p.a == "--role" && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToList();
        var hours = double.TryParse(Value("--hours"), out var h) ? h : 8;
        if (user is null || department is null || roles.Count == 0)
        {
            Console.Error.WriteLine("usage: mint-token --user NAME --department CODE --role reporter|reviewer|auditor|viewer|admin [--role …] [--hours 8]");
            Environment.ExitCode = 2;
            return true;
        }
        var options = new AuthOptions();
        configuration.GetSection("Auth").Bind(options);
        Console.WriteLine(new TokenMinter(Options.Create(options)).Mint(user, department, roles, TimeSpan.FromHours(hours)));
        return true;
    }
}
