using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>
/// Reads a JSON request body once before any endpoint binds it, and answers 400 naming the place when it is not JSON
/// every reader here would take the same way: malformed or not UTF-8, nested deeper than
/// <see cref="MaxDepth"/>, an object with the same key twice (which value wins differs between parsers), or a string
/// with an unpaired surrogate escape (<c>"\ud800"</c>, which is no text). Runs after authentication, so a caller who may
/// not call the endpoint learns nothing from it.
/// </summary>
internal sealed class JsonBodyCheckMiddleware(RequestDelegate next)
{
    /// <summary>The deepest nesting a body may have.</summary>
    public const int MaxDepth = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || !IsJson(request.ContentType))
        {
            await next(context);
            return;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        if (body.Length > 0 && Problem(body) is { } problem)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
            return;
        }

        request.Body = new MemoryStream(body, writable: false);
        await next(context);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The 400 for a body, or null when it is sound.</summary>
    internal static ProblemDetails? Problem(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var frames = new Stack<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(frames);
                        frames.Push(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Text(ref reader, frames);
                        var frame = frames.Peek();
                        frame.Property = name;
                        if (!frame.Keys!.Add(name))
                        {
                            return Field(PathOf(frames), "JSON 对象中同一个键出现了两次 (the same key appears twice in a JSON object).");
                        }

                        break;
                    case JsonTokenType.String:
                        Advance(frames);
                        Text(ref reader, frames);
                        break;
                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (InvalidText invalid)
        {
            return Field(invalid.Path, "文本中有不成对的代理字符，不是有效的 Unicode (the text holds an unpaired surrogate escape; it is not valid Unicode).");
        }
        catch (JsonException ex)
        {
            return new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Bad request",
                Detail = $"请求体不是有效的 JSON (the request body is not valid JSON): {ex.Message}",
            };
        }

        return null;
    }

    private static string Text(ref Utf8JsonReader reader, Stack<Frame> frames)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new InvalidText(reader.TokenType == JsonTokenType.PropertyName ? PathOf(frames, pending: true) : PathOf(frames));
        }
    }

    /// <summary>A value starts in the current container: in an array it is the next element.</summary>
    private static void Advance(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var frame) && frame.Keys is null)
        {
            frame.Index++;
        }
    }

    /// <summary>The path of the current value (<c>variables.items[2].name</c>); a key being read counts as its object's path.</summary>
    private static string PathOf(Stack<Frame> frames, bool pending = false)
    {
        var path = new StringBuilder();
        var list = frames.Reverse().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var frame = list[i];
            if (frame.Keys is null)
            {
                path.Append('[').Append(Math.Max(0, frame.Index - 1)).Append(']');
            }
            else if (frame.Property is { } property && !(pending && i == list.Count - 1))
            {
                path.Append(path.Length == 0 ? string.Empty : ".").Append(property);
            }
        }

        return path.Length == 0 ? "$" : path.ToString();
    }

    private static ProblemDetails Field(string path, string message) => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path] = [message] })
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request body is invalid",
        Detail = $"{path}: {message}",
    };

    private sealed class Frame(bool isObject)
    {
        public HashSet<string>? Keys { get; } = isObject ? new(StringComparer.Ordinal) : null;

        public string? Property { get; set; }

        public int Index { get; set; }
    }

    private sealed class InvalidText(string path) : Exception
    {
        public string Path { get; } = path;
    }
}

/// <summary>Registers the JSON body check.</summary>
public static class JsonBodyCheckExtensions
{
    /// <summary>Adds <see cref="JsonBodyCheckMiddleware"/> (after authentication and authorization).</summary>
    public static WebApplication UseJsonBodyCheck(this WebApplication app)
    {
        app.UseMiddleware<JsonBodyCheckMiddleware>();
        return app;
    }
}
