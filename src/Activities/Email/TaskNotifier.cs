using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Messaging;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Activities.Email;

/// <summary>
/// Announces every new user task to its assignee, candidate users and candidate groups, through the outbox of the step
/// that created it — unless the task says <c>camunda:properties</c> <c>notify=false</c>. A task with the property
/// <c>audience=head</c> also reaches the head of each unit it names.
/// </summary>
public sealed partial class TaskNotifier(IRecipientDirectory recipients, EmailTemplates templates, IOptions<EmailOptions> options, ILogger<TaskNotifier> logger) : IUserTaskListener
{
    /// <inheritdoc />
    public async Task OnCreatedAsync(UserTaskCreated created, CancellationToken cancellationToken = default)
    {
        if (created.Properties.TryGetValue("notify", out var notify) && string.Equals(notify, "false", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var task = created.Task;
        var names = new List<string>();
        if (task.Assignee is not null)
        {
            names.Add(task.Assignee);
        }

        names.AddRange(Split(task.CandidateUsers));
        names.AddRange(Split(task.CandidateGroups));
        if (created.Properties.TryGetValue("audience", out var audience) && string.Equals(audience, "head", StringComparison.Ordinal))
        {
            // A task the unit's head signs: the head hears of it too (unit:{code}:head in the directory).
            names.AddRange(Split(task.CandidateGroups).Where(g => g.StartsWith("unit:", StringComparison.Ordinal)).Select(g => g + ":head"));
        }

        var to = await recipients.ResolveAsync(names, cancellationToken);
        if (to.Count == 0)
        {
            NoRecipients(logger, task.ElementId, task.InstanceId, string.Join(", ", names));
            return;
        }

        var model = (JsonObject)created.Variables.DeepClone();
        model["task"] = new JsonObject
        {
            ["id"] = task.Id.ToString(),
            ["name"] = task.Name ?? task.ElementId,
            ["elementId"] = task.ElementId,
            ["dueAt"] = task.DueAt?.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["priority"] = task.Priority,
            ["link"] = $"{options.Value.BaseUrl.TrimEnd('/')}/tasks/{task.Id}",
            ["candidateGroups"] = new JsonArray([.. Split(task.CandidateGroups).Select(g => (JsonNode?)JsonValue.Create(g))]),
        };
        model["process"] = new JsonObject { ["name"] = created.DefinitionName ?? task.DefinitionKey, ["key"] = task.DefinitionKey, ["businessKey"] = task.BusinessKey };
        var email = await templates.RenderAsync(options.Value.TaskCreatedTemplate, model);
        created.Services.GetRequiredService<IOutbox>().Add(email.ToMessage(to, [], task.InstanceId, task.Id), task.CreatedAt);
    }

    private static IEnumerable<string> Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Task {ElementId} of instance {InstanceId} has no reachable recipient ({Names}); no notice sent")]
    private static partial void NoRecipients(ILogger logger, string elementId, Guid instanceId, string names);
}
