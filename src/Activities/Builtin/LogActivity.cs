using Microsoft.Extensions.Logging;

namespace Zzut.Workflows.Activities.Builtin;

/// <summary>
/// <c>log</c>: writes the <c>message</c> input (default: the element id) to the host's log at <c>level</c>
/// (<c>information</c> by default). Useful for tracing and for tests.
/// </summary>
public sealed partial class LogActivity(ILogger<LogActivity> logger) : IActivity
{
    /// <inheritdoc />
    public string Topic => "log";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["lastLogMessage"];

    /// <inheritdoc />
    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var message = context.Get("message")?.ToString() ?? context.ElementId;
        var level = (context.Get("level")?.ToString() ?? "information").ToLowerInvariant() switch
        {
            "debug" => LogLevel.Debug,
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        };
        Logged(logger, level, context.DefinitionKey, context.InstanceId, context.ElementId, message);
        context.SetVariable("lastLogMessage", message);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 2001, Message = "[{DefinitionKey} {InstanceId} {ElementId}] {Message}")]
    private static partial void Logged(ILogger logger, LogLevel level, string definitionKey, Guid instanceId, string elementId, string message);
}
