namespace QingzhouPlan.Server.Access;

/// <summary>
/// The signed-in user as the server sees the token: who, which department, every role held, the plans covered, and whether the
/// past and people are theirs to read (<see cref="Visibility"/>). The page asks this rather than reading the
/// token itself or keeping rules of its own.
/// </summary>
public static class WhoAmI
{
    public static void MapWhoAmI(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/me", (HttpContext context) =>
            {
                var actor = CurrentActor.From(context);
                return TypedResults.Ok(new Me(actor.User, actor.Department, actor.Roles ?? [], actor.Plans!.Patterns,
                    Visibility.May(context.User, Reading.Past), Visibility.May(context.User, Reading.People)));
            })
            .WithTags("Access")
            .WithSummary("The signed-in user: department, every role held, and whether the past (as-of views, editions) and people (histories, names) are theirs to read");
}

public sealed record Me(string User, string Department, IReadOnlyList<string> Roles, IReadOnlyList<string> Plans, bool ReadsThePast, bool ReadsPeople);
