using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Domain.Plans;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// What the HTTP stack itself allows a report, in the benchmark's host only (never the server's): requests
/// go through the server's whole middleware chain (authentication with the same JWT validation, body size
/// limit, plan scope gate, rate limiter), fall past its endpoints, and end here, where the body is read and
/// turned into the same command by the same code, the same policy is checked, and a report's answer written.
/// <c>/bench/ceiling/http/{plan}/{code}</c> stops there; <c>/bench/ceiling/grain/{plan}/{code}</c> also makes one
/// grain call with the report's arguments (<see cref="CeilingGrain"/>).
/// </summary>
public sealed class CeilingEndpoints : IStartupFilter
{
    public const string Http = "/bench/ceiling/http";
    public const string Grain = "/bench/ceiling/grain";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Map(Http, branch => branch.Run(context => Answer(context, callGrain: false)));
        app.Map(Grain, branch => branch.Run(context => Answer(context, callGrain: true)));
    };

    private static async Task Answer(HttpContext context, bool callGrain)
    {
        var parts = context.Request.Path.Value!.Trim('/').Split('/');
        var (plan, code) = (parts[0], parts[1]);
        var services = context.RequestServices;
        if (context.User.Identity?.IsAuthenticated != true)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (!(await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(context.User, Policies.ReportOwn)).Succeeded)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var (body, problem) = await Problems.ReadJson<ReportRequest>(context.Request, json);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }
        var command = body!.ToCommand().Command ?? throw new InvalidOperationException("the benchmark sent a report its own rules refuse");
        var result = callGrain
            ? await services.GetRequiredService<IGrainFactory>().GetGrain<ICeilingGrain>(PlanKeys.Item(plan, code))
                .Report(command, CurrentActor.From(context), null, null)
            : CommandResult.Committed(1);
        await TypedResults.Created((string?)null, new CommandAnswer(code, result.Version, result.Appended)).ExecuteAsync(context);
    }
}
