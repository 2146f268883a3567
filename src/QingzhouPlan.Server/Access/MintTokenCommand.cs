using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// `mint-token --user li.wei --department gxj --role reporter [--role reviewer] [--plan qingzhou-*] [--hours 8]`:
/// prints a bearer token signed with the configured local key, for local use and scripts. Without --plan the
/// token covers the default plans (<see cref="DefaultPlans"/>).
/// </summary>
public static class MintTokenCommand
{
    public static bool TryRun(string[] args, IConfiguration configuration, IHostEnvironment environment)
    {
        if (args.Length == 0 || args[0] != "mint-token")
            return false;
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var user = Value("--user");
        var department = Value("--department");
        List<string> All(string name) => args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToList();
        var roles = All("--role");
        var plans = All("--plan");
        var hours = double.TryParse(Value("--hours"), out var h) ? h : 8;
        if (user is null || department is null || roles.Count == 0 || plans.Any(p => Domain.PlanScope.Problem(p) is not null))
        {
            Console.Error.WriteLine("usage: mint-token --user NAME --department CODE --role reporter|reviewer|auditor|viewer|admin [--role …] [--plan ID|PREFIX*|* …] [--hours 8]");
            Environment.ExitCode = 2;
            return true;
        }
        var options = new AuthOptions();
        configuration.GetSection("Auth").Bind(options);
        var minter = new TokenMinter(Options.Create(options), new DefaultPlans(configuration, new Plans.SeedFiles(configuration, environment)).Scope);
        Console.WriteLine(minter.Mint(user, department, roles, TimeSpan.FromHours(hours), plans: plans.Count > 0 ? plans : null));
        return true;
    }
}
