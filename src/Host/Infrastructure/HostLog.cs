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

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Recurring job {Name} scheduled at '{Cron}' ({TimeZone})")]
    public static partial void RecurringJobRegistered(ILogger logger, string name, string cron, string timeZone);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "E-mail {MessageId} failed (attempt {Attempt}); retrying at {DueAt}: {Error}")]
    public static partial void EmailRetrying(ILogger logger, Guid messageId, int attempt, DateTimeOffset dueAt, string error);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "E-mail {MessageId} failed for good after {Attempt} attempts: {Error}")]
    public static partial void EmailFailed(ILogger logger, Guid messageId, int attempt, string error);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "The SMTP session with {Host} broke at its end (every message of the batch was answered): {Error}")]
    public static partial void SmtpQuitFailed(ILogger logger, string host, string error);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Sending a batch of {Count} e-mails failed; the sweep sends what is still pending")]
    public static partial void EmailBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "A batch of e-mails stopped ({Failure}); putting its {Count} unsent messages back to pending failed too ({Error}): the sweep flags them for an administrator")]
    public static partial void EmailReleaseFailed(ILogger logger, int count, string failure, string error);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Created the administrator account 'admin'")]
    public static partial void AdminCreated(ILogger logger);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Forms of {Folder}: {Count} files, {Created} new versions deployed")]
    public static partial void FormsLoaded(ILogger logger, int count, int created, string folder);
}
