using System.ComponentModel.DataAnnotations;

namespace Zzut.Workflows.Parsing;

/// <summary>
/// Limits on the shape of a BPMN document, bound from <c>Workflows:Bpmn</c>. They are checked while the XML streams in,
/// before any tree is built, so a hostile document is refused in time proportional to the part read.
/// </summary>
public sealed class BpmnReaderOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Bpmn";

    /// <summary>The deepest element nesting (the shipped definitions nest 6 deep).</summary>
    [Range(8, 1000)]
    public int MaxDepth { get; set; } = 64;

    /// <summary>The most elements in one document (the largest shipped definition has about 700).</summary>
    [Range(100, 10_000_000)]
    public int MaxElements { get; set; } = 50_000;

    /// <summary>The most attributes on one element, namespace declarations included.</summary>
    [Range(8, 10_000)]
    public int MaxAttributesPerElement { get; set; } = 64;

    /// <summary>How deeply <c>camunda:list</c> and <c>camunda:map</c> values may nest in each other.</summary>
    [Range(1, 32)]
    public int MaxValueNesting { get; set; } = 8;
}
