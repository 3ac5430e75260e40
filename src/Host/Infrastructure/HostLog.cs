namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>The host's log messages.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Definition {Key} v{Version} {Outcome}")]
    public static partial void DefinitionReady(ILogger logger, string key, int version, string outcome);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Critical, Message = "A shipped definition is invalid: {Error}")]
    public static partial void ShippedDefinitionInvalid(ILogger logger, Parsing.BpmnError error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path);
}
