using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// RFC 9457 problem details that name the field at fault, for refusals and for bodies that cannot be read.
/// A refusal also carries its rule in Chinese ("clerk"), which the page shows as it is.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Field(int status, string field, string message, string? title = null, string? clerk = null)
    {
        var details = Details(status, field, message, title);
        if (clerk is not null)
            details.Extensions["clerk"] = clerk;
        return TypedResults.Problem(details);
    }

    public static ProblemHttpResult From(Refusal refusal)
    {
        var status = refusal.Kind switch
        {
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Conflict => StatusCodes.Status409Conflict,
            RefusalKind.Invalid => StatusCodes.Status400BadRequest,
            RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Kind, null),
        };
        return Field(status, refusal.Field, refusal.Message, clerk: refusal.Clerk);
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Details(int status, string field, string message, string? title) => new()
    {
        Status = status,
        Title = title ?? DefaultTitle(status),
        Detail = $"{field}: {message}",
        Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
        Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } },
    };

    /// <summary>
    /// Reads a JSON body, turning malformed JSON, wrong types and oversized bodies into problems that say
    /// where (System.Text.Json's path of the failing member, such as "$.value").
    /// </summary>
    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadJson<T>(HttpRequest request, JsonSerializerOptions options)
        where T : class
    {
        try
        {
            // Unknown members are refused, not ignored: a body naming its own user or department is a
            // client that believes it can choose who acts (OWASP API3), and deserves to hear it cannot.
            var strict = new JsonSerializerOptions(options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
            var element = await request.ReadFromJsonAsync<JsonElement>(options, request.HttpContext.RequestAborted);
            if (ControlCharacterAt(element, "") is { } path)
                return (null, Field(StatusCodes.Status400BadRequest, path, "control characters (NUL, escape codes …) are not allowed in text"));
            var body = element.Deserialize<T>(strict);
            return body is null
                ? (null, Field(StatusCodes.Status400BadRequest, "body", "a JSON object is required"))
                : (body, null);
        }
        catch (JsonException ex) when (ex.InnerException?.GetType().Name == "JsonReaderException")
        {
            return (null, Field(StatusCodes.Status400BadRequest, "body", $"malformed JSON: {ex.Message.Split(" Path:", 2)[0]}"));
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, Field(StatusCodes.Status400BadRequest, field, Describe(ex)));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Field(ex.StatusCode, "body", ex.Message));
        }
        catch (InvalidOperationException ex) when (!request.HasJsonContentType())
        {
            return (null, Field(StatusCodes.Status415UnsupportedMediaType, "body", ex.Message));
        }
    }

    // Text that reaches an event is kept forever and shown in reports, exports and terminals: a NUL or an
    // escape sequence has no business there. Tab and line breaks are ordinary text.
    private static string? ControlCharacterAt(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Any(c => (c < ' ' && c is not ('\t' or '\n' or '\r')) || c == '\u007f') ? (path == "" ? "body" : path) : null,
        JsonValueKind.Object => element.EnumerateObject().Select(p => ControlCharacterAt(p.Value, path == "" ? p.Name : $"{path}.{p.Name}")).FirstOrDefault(f => f is not null),
        JsonValueKind.Array => element.EnumerateArray().Select((e, i) => ControlCharacterAt(e, $"{path}[{i}]")).FirstOrDefault(f => f is not null),
        _ => null,
    };

    private static string Describe(JsonException ex) =>
        ex.InnerException is FormatException or OverflowException
            ? "not a number in range"
            : ex.Message.Split(" Path:", 2)[0];

    private static string DefaultTitle(int status) => status switch
    {
        400 => "The request is invalid",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflicts with what is recorded",
        413 => "The request body is too large",
        415 => "Unsupported media type",
        _ => "The request was refused",
    };
}
