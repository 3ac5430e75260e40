using System.ComponentModel.DataAnnotations;

namespace Zzut.Workflows.Host.Forms;

/// <summary>Limits of what one start or task completion may carry beyond what its form says; bound from <c>Workflows:Submissions</c>.</summary>
public sealed class SubmissionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Submissions";

    /// <summary>The longest text a field takes when its form sets no <c>validate.maxLength</c>.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 20_000;

    /// <summary>The most entries of one dynamic list.</summary>
    [Range(1, 10_000)]
    public int MaxListItems { get; set; } = 200;

    /// <summary>
    /// The largest magnitude of a number field when its form sets no bound: 2^53 − 1, the largest integer JavaScript
    /// expressions (and the browser) hold exactly.
    /// </summary>
    [Range(1, 9_007_199_254_740_991)]
    public double MaxNumberMagnitude { get; set; } = 9_007_199_254_740_991;
}
