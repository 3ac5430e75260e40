using Microsoft.Extensions.Logging;

namespace Zzut.Workflows.Runtime;

/// <summary>The engine's log messages.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Deployed definition {Key} version {Version} ({Hash})")]
    public static partial void Deployed(ILogger logger, string key, int version, string hash);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "The definitions folder {Folder} does not exist; nothing deployed from it")]
    public static partial void NoDefinitionsFolder(ILogger logger, string folder);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Timer {TimerId} ({ElementId}) fired for instance {InstanceId}")]
    public static partial void TimerFired(ILogger logger, Guid timerId, string elementId, Guid instanceId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Start timer {TimerId} of {Key} started instance {InstanceId}")]
    public static partial void StartTimerFired(ILogger logger, Guid timerId, string key, Guid instanceId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "A step lost a concurrency race (attempt {Attempt}); retrying on fresh state")]
    public static partial void ConcurrencyRetry(ILogger logger, int attempt);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "External activity {Topic} ({ExternalTaskId}) failed on attempt {Attempt}")]
    public static partial void ExternalTaskFailed(ILogger logger, Exception exception, string topic, Guid externalTaskId, int attempt);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Timer {TimerId} ({ElementId}) was claimed {Attempts} times without its firing committing (the process stopped or the step failed); it is not fired again")]
    public static partial void TimerPoisoned(ILogger logger, Guid timerId, string elementId, int attempts);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "External activity {Topic} ({ExternalTaskId}) was claimed {Attempts} times without finishing (the process stopped while running it); it is not run again")]
    public static partial void ExternalTaskPoisoned(ILogger logger, string topic, Guid externalTaskId, int attempts);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "Firing timer {TimerId} failed without committing (attempt {Attempt}); it is retried once its claim expires")]
    public static partial void TimerFiringFailed(ILogger logger, Exception exception, Guid timerId, int attempt);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "{Count} timers read and written together could not be; each is fired on its own")]
    public static partial void TimersFiredAlone(ILogger logger, Exception exception, int count);
}
