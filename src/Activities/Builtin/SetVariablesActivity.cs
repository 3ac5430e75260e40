namespace Zzut.Workflows.Activities.Builtin;

/// <summary><c>variables.set</c>: copies every input parameter of the task into the process variables.</summary>
public sealed class SetVariablesActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "variables.set";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => inputNames;

    /// <inheritdoc />
    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        foreach (var (name, value) in context.Inputs)
        {
            context.SetVariable(name, value);
        }

        return Task.CompletedTask;
    }
}
