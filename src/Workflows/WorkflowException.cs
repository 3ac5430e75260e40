namespace Zzut.Workflows;

/// <summary>Base of the engine's exceptions that callers are expected to handle (bad input, conflicts, missing things).</summary>
public abstract class WorkflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected WorkflowException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>Something that was asked for does not exist (a definition key, an instance, a task…).</summary>
public sealed class WorkflowNotFoundException(string message) : WorkflowException(message);

/// <summary>The request conflicts with the current state (a task no longer open, a business key in use…).</summary>
public sealed class WorkflowConflictException(string message, Guid? existingInstanceId = null, Exception? inner = null) : WorkflowException(message, inner)
{
    /// <summary>For a business-key conflict: the active instance that holds the key.</summary>
    public Guid? ExistingInstanceId { get; } = existingInstanceId;
}

/// <summary>The request is malformed (unknown variables shape, a bad value…).</summary>
public sealed class WorkflowArgumentException(string message) : WorkflowException(message);
