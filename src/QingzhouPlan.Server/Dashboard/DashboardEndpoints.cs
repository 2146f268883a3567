using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Dashboard;

/// <summary>
/// What the built-in page needs besides the API: how to sign in, and — only where allowed — a development
/// sign-in that mints a token for a chosen user, department and role. The page itself is static files
/// (built from src/QingzhouPlan.Web by infra/web.sh) that call the same bearer API as everyone else.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly string[] KnownRoles = [Roles.Reporter, Roles.Approver, Roles.Reviewer, Roles.Auditor, Roles.Viewer, Roles.Admin];

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/dashboard").WithTags("Dashboard").AllowAnonymous();
        group.MapGet("/config", (HttpContext context, IConfiguration configuration, IWebHostEnvironment environment) => TypedResults.Ok(new DashboardConfig(
                DevelopmentSignIn.Enabled(configuration, environment) && DevelopmentSignIn.FromThisMachine(context), configuration["Auth:Authority"], configuration["Dashboard:Plan"] ?? "qingzhou-2024", KnownRoles,
                configuration["Dashboard:ClientId"], configuration["Dashboard:Scope"] ?? "openid profile")))
            .WithSummary("How the page signs in: the development sign-in (when allowed), the OpenID Connect authority, the plan it opens");
        group.MapPost("/dev-sign-in", DevSignIn).Accepts<DevSignInRequest>("application/json")
            .WithSummary("Development sign-in: a token for the user, department and role chosen (only in Development or with Dashboard__DevSignIn=true, and only for a request from this machine to a loopback host name)");
    }

    private static async Task<Results<Ok<DevSignInAnswer>, ProblemHttpResult>> DevSignIn(
        HttpContext context, IConfiguration configuration, IWebHostEnvironment environment, TokenMinter minter, IOptions<JsonOptions> json)
    {
        if (!DevelopmentSignIn.Enabled(configuration, environment))
            return Problems.Field(StatusCodes.Status404NotFound, "dev-sign-in", "the development sign-in is switched off on this server");
        if (!DevelopmentSignIn.FromThisMachine(context))
            return Problems.Field(StatusCodes.Status403Forbidden, "dev-sign-in",
                "the development sign-in answers only requests from this machine to a loopback host (http://127.0.0.1 or http://localhost)");
        var (body, problem) = await Problems.ReadJson<DevSignInRequest>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        if (!Plausible(body!.User))
            return Problems.Field(StatusCodes.Status400BadRequest, "user", "a user name of 1–64 letters, digits, '.', '-' or '_'");
        if (!Plausible(body.Department))
            return Problems.Field(StatusCodes.Status400BadRequest, "department", "a department code of 1–64 letters, digits, '.', '-' or '_'");
        if (body.Role is null || !KnownRoles.Contains(body.Role))
            return Problems.Field(StatusCodes.Status400BadRequest, "role", $"one of {string.Join(", ", KnownRoles)}");
        return TypedResults.Ok(new DevSignInAnswer(minter.Mint(body.User!, body.Department!, [body.Role]), body.User!, body.Department!, body.Role));
    }

    private static bool Plausible(string? name) =>
        name is { Length: >= 1 and <= 64 } && name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_');
}

/// <summary>How the page signs in. With an authority and a client id, the page runs the OIDC code flow (PKCE) itself.</summary>
public sealed record DashboardConfig(bool DevSignIn, string? Authority, string Plan, IReadOnlyList<string> Roles, string? ClientId, string Scope);

public sealed record DevSignInRequest(string? User, string? Department, string? Role);

public sealed record DevSignInAnswer(string Token, string User, string Department, string Role);
