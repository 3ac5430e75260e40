using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Model;

namespace Zzut.Workflows.Parsing;

/// <summary>The outcome of checking a BPMN document: the model when it could be read, and every problem found.</summary>
/// <param name="Model">The executable process, or null when the document could not be read far enough.</param>
/// <param name="Errors">Every problem, ordered by line; empty when the document may be deployed.</param>
public sealed record BpmnCheckResult(ProcessModel? Model, IReadOnlyList<BpmnError> Errors);

/// <summary>Reads and validates a BPMN document in one go: the deploy-time gate.</summary>
/// <param name="activities">The registered activities (every topic must be one of them).</param>
/// <param name="expressions">The sandbox that checks expression syntax.</param>
/// <param name="validators">Further checks registered by the host.</param>
/// <param name="limits">The document's shape limits (<c>Workflows:Bpmn</c>); the defaults when not given.</param>
public sealed class BpmnCompiler(IActivityRegistry activities, IExpressionEvaluator expressions, IEnumerable<IDefinitionValidator>? validators = null, IOptions<BpmnReaderOptions>? limits = null)
{
    private readonly IReadOnlyList<IDefinitionValidator> validators = [.. validators ?? []];
    private readonly BpmnReaderOptions limits = limits?.Value ?? new BpmnReaderOptions();

    /// <summary>
    /// Reads and validates without deploying: the same checks as <see cref="Compile"/> (the engine's and the host's
    /// <see cref="IDefinitionValidator"/>s), every problem returned instead of thrown. A designer calls it as the
    /// administrator edits.
    /// </summary>
    public BpmnCheckResult Check(string xml, int maxCharacters = BpmnReader.DefaultMaxCharacters)
    {
        var read = BpmnReader.Read(xml, maxCharacters, limits);
        var errors = new List<BpmnError>(read.Errors);
        if (read.Model is not null)
        {
            errors.AddRange(new BpmnValidator(activities, expressions).Validate(read.Model));
            errors.AddRange(validators.SelectMany(v => v.Validate(read.Model)));
        }

        return new BpmnCheckResult(read.Model, [.. errors.OrderBy(e => e.Line).ThenBy(e => e.ElementId, StringComparer.Ordinal)]);
    }

    /// <summary>Returns the model, or throws with every problem found.</summary>
    /// <exception cref="BpmnValidationException">The document cannot be deployed.</exception>
    public ProcessModel Compile(string xml, int maxCharacters = BpmnReader.DefaultMaxCharacters)
    {
        var checkedDocument = Check(xml, maxCharacters);
        return checkedDocument.Errors.Count > 0 ? throw new BpmnValidationException(checkedDocument.Errors) : checkedDocument.Model!;
    }
}
