using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Messaging;

namespace Zzut.Workflows.Activities.Email;

/// <summary>A rendered e-mail.</summary>
/// <param name="Subject">The subject line.</param>
/// <param name="Html">The HTML body.</param>
/// <param name="Text">The plain-text alternative.</param>
public sealed record RenderedEmail(string Subject, string Html, string Text)
{
    /// <summary>The message for the outbox, to the given (resolved) addresses.</summary>
    public OutgoingMessage ToMessage(IReadOnlyList<string> to, IReadOnlyList<string> cc, Guid? instanceId = null, Guid? taskId = null) =>
        new(to, cc, Subject, Html, Text, instanceId, taskId);
}

/// <summary>
/// Renders Liquid templates (Fluid) from the templates folder: <c>{name}.html.liquid</c> (required),
/// <c>{name}.txt.liquid</c> (optional: otherwise the HTML without tags) and <c>{name}.subject.liquid</c> (optional).
/// Parsed templates are cached until the file changes.
/// </summary>
public sealed partial class EmailTemplates(IOptions<EmailOptions> options)
{
    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly ConcurrentDictionary<string, (DateTime Stamp, IFluidTemplate Template)> cache = new();

    /// <summary>Renders a template with the given model (JSON values are exposed as Liquid objects).</summary>
    /// <exception cref="InvalidOperationException">The template is missing or does not parse.</exception>
    public async Task<RenderedEmail> RenderAsync(string name, JsonObject model, string? subject = null)
    {
        var folder = options.Value.ResolveTemplatesPath();
        var context = new TemplateContext(new TemplateOptions());
        foreach (var (key, value) in model)
        {
            context.SetValue(key, ToPlain(value));
        }

        var html = await Load(folder, $"{name}.html.liquid", required: true)!.RenderAsync(context, Html);
        var textTemplate = Load(folder, $"{name}.txt.liquid", required: false);
        var text = textTemplate is null ? StripTags(html) : await textTemplate.RenderAsync(context, NullEncoder.Default);
        if (subject is null)
        {
            var subjectTemplate = Load(folder, $"{name}.subject.liquid", required: false);
            subject = subjectTemplate is null ? name : await subjectTemplate.RenderAsync(context, NullEncoder.Default);
        }

        return new RenderedEmail(subject.Trim(), html, text.Trim());
    }

    private IFluidTemplate? Load(string folder, string file, bool required)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            return required ? throw new InvalidOperationException($"The e-mail template '{file}' does not exist in {folder}.") : null;
        }

        var stamp = File.GetLastWriteTimeUtc(path);
        if (cache.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached.Template;
        }

        if (!Parser.TryParse(File.ReadAllText(path), out var template, out var error))
        {
            throw new InvalidOperationException($"The e-mail template '{file}' does not parse: {error}");
        }

        cache[path] = (stamp, template);
        return template;
    }

    /// <summary>JSON → plain CLR values Liquid understands (dictionaries, lists, strings, numbers, booleans).</summary>
    public static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => long.TryParse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var l)
                ? l
                : double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    private static string StripTags(string html) =>
        System.Net.WebUtility.HtmlDecode(Tags().Replace(LineBreaks().Replace(html, "\n"), string.Empty));

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"<(br|/p|/div|/li|/tr|/h\d)\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreaks();
}
