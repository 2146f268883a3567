namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// Plan, item and department keys in a route name grains and streams: a blank one, a control character or
/// an absurd length names nothing that can exist, so it is answered 404 here rather than reach a grain.
/// </summary>
public sealed class RouteKeys(RequestDelegate next)
{
    private static readonly string[] Names = ["planId", "code", "department"];

    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var name in Names)
            if (context.GetRouteValue(name) is string value && !Plausible(value))
            {
                await Problems.Field(StatusCodes.Status404NotFound, name, "no such key: keys are 1–100 visible characters").ExecuteAsync(context);
                return;
            }
        await next(context);
    }

    private static bool Plausible(string key) =>
        key.Length is >= 1 and <= 100 && !string.IsNullOrWhiteSpace(key) && !key.Any(char.IsControl) && !key.Contains('/');
}
