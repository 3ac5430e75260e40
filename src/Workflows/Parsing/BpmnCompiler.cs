using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Model;

namespace Zzut.Workflows.Parsing;

/// <summary>Reads and validates a BPMN document in one go: the deploy-time gate.</summary>
/// <param name="activities">The registered activities (every topic must be one of them).</param>
/// <param name="expressions">The sandbox that checks expression syntax.</param>
/// <param name="validators">Further checks registered by the host.</param>
/// <param name="limits">The document's shape limits (<c>Workflows:Bpmn</c>); the defaults when not given.</param>
public sealed class BpmnCompiler(IActivityRegistry activities, IExpressionEvaluator expressions, IEnumerable<IDefinitionValidator>? validators = null, IOptions<BpmnReaderOptions>? limits = null)
{
    private readonly IReadOnlyList<IDefinitionValidator> validators = [.. validators ?? []];
    private readonly BpmnReaderOptions limits = limits?.Value ?? new BpmnReaderOptions();

    /// <summary>Returns the model, or throws with every problem found.</summary>
    /// <exception cref="BpmnValidationException">The document cannot be deployed.</exception>
    public ProcessModel Compile(string xml, int maxCharacters = BpmnReader.DefaultMaxCharacters)
    {
        var read = BpmnReader.Read(xml, maxCharacters, limits);
        var errors = new List<BpmnError>(read.Errors);
        if (read.Model is not null)
        {
            errors.AddRange(new BpmnValidator(activities, expressions).Validate(read.Model));
            errors.AddRange(validators.SelectMany(v => v.Validate(read.Model)));
        }

        if (errors.Count > 0)
        {
            throw new BpmnValidationException([.. errors.OrderBy(e => e.Line).ThenBy(e => e.ElementId, StringComparer.Ordinal)]);
        }

        return read.Model!;
    }
}
