using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Messaging;

namespace Zzut.Workflows.Activities.Email;

/// <summary>
/// <c>email.send</c>: renders the <c>template</c> input with the process variables (and the task's inputs) and writes the
/// message to the outbox, in the step's transaction. Inputs: <c>to</c> and <c>cc</c> (addresses, user names,
/// <c>unit:{code}</c> or <c>role:{name}</c>; text with commas or a list), <c>subject</c> (optional when the template has
/// a subject file), <c>template</c>.
/// </summary>
public sealed class SendEmailActivity(IRecipientDirectory recipients, EmailTemplates templates) : IActivity
{
    /// <inheritdoc />
    public string Topic => "email.send";

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var template = Text(context.Get("template")) ?? throw new InvalidOperationException("email.send needs a 'template' input.");
        var to = await recipients.ResolveAsync(Names(context.Get("to")), cancellationToken);
        var cc = await recipients.ResolveAsync(Names(context.Get("cc")), cancellationToken);
        if (to.Count == 0)
        {
            throw new InvalidOperationException($"email.send found no address for 'to' = {context.Get("to")?.ToJsonString() ?? "(none)"}.");
        }

        var model = new JsonObject();
        foreach (var (name, value) in context.Variables)
        {
            model[name] = value?.DeepClone();
        }

        foreach (var (name, value) in context.Inputs)
        {
            model[name] = value?.DeepClone();
        }

        model["instance"] = new JsonObject { ["id"] = context.InstanceId.ToString(), ["businessKey"] = context.BusinessKey, ["definitionKey"] = context.DefinitionKey };
        var email = await templates.RenderAsync(template, model, Text(context.Get("subject")));
        var id = context.Services.GetRequiredService<IOutbox>().Add(email.ToMessage(to, cc, context.InstanceId), context.Now);
        context.SetVariable("lastEmailId", id.ToString());
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString();

    private static IEnumerable<string> Names(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(Text).OfType<string>(),
        _ => (Text(node) ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };
}
