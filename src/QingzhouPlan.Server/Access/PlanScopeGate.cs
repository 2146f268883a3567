using Marten;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// Every route under a plan answers only a caller whose token covers that plan: 403 before any read or
/// write, so another county's figures, people and forms stay out of sight (and the items' own rules check
/// the same scope again for writes, in <see cref="Domain.Items.WriteScope"/>).
/// </summary>
public sealed class PlanScopeGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetRouteValue("planId") is string planId && context.User.Identity?.IsAuthenticated == true
            && !PlanClaims.ScopeOf(context.User).Covers(planId))
        {
            await Problems.Field(StatusCodes.Status403Forbidden, "planId", $"the token does not cover the plan {planId}",
                clerk: $"您的账号无权查看计划 {planId}").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    /// <summary>
    /// For routes about the whole store (the chain's verification and anchor name every plan's streams): only a
    /// token that covers every plan in it.
    /// </summary>
    public static async ValueTask<object?> EveryPlan(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var scope = PlanClaims.ScopeOf(context.User);
        var session = context.RequestServices.GetRequiredService<IQuerySession>();
        // Every stream of ours is keyed under its plan ("qingzhou-2024/GDP"), a year's results included; Marten's
        // own stream for failed appends' placeholders belongs to no plan.
        var plans = await session.AdvancedSql.QueryAsync<string>(
            $"select distinct split_part(id, '/', 1) from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where id <> ?",
            context.RequestAborted, JasperFx.Events.Tombstone.StreamKey);
        if (plans.FirstOrDefault(id => !scope.Covers(id)) is { } outside)
            return Problems.Field(StatusCodes.Status403Forbidden, "planId", $"this concerns every plan in the store, and the token does not cover {outside}",
                clerk: "此项涉及本系统的全部计划，您的账号无权办理");
        return await next(invocation);
    }
}
