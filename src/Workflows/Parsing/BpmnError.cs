namespace Zzut.Workflows.Parsing;

/// <summary>One problem found in a BPMN document.</summary>
/// <param name="ElementId">The id of the element at fault, or null when the document itself is at fault.</param>
/// <param name="Line">The 1-based line of the element (0 when unknown).</param>
/// <param name="Message">A plain sentence saying what is wrong and, where it helps, how to fix it.</param>
public sealed record BpmnError(string? ElementId, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => ElementId is null ? $"line {Line}: {Message}" : $"{ElementId} (line {Line}): {Message}";
}

/// <summary>Thrown when a BPMN document cannot be deployed; carries every problem found, not just the first.</summary>
public sealed class BpmnValidationException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public BpmnValidationException(IReadOnlyList<BpmnError> errors)
        : base(errors.Count == 1 ? $"The BPMN document is invalid: {errors[0]}" : $"The BPMN document has {errors.Count} problems; the first: {errors[0]}")
    {
        Errors = errors;
    }

    /// <summary>Every problem, in document order.</summary>
    public IReadOnlyList<BpmnError> Errors { get; }
}
