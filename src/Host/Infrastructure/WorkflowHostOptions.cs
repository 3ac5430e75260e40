using System.ComponentModel.DataAnnotations;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>Where the service keeps its data and finds its definitions; bound from the <c>Workflows</c> section.</summary>
public sealed class WorkflowHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows";

    /// <summary>Folder for the SQLite database and other local data; relative paths are under the content root.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    /// <summary>Folder whose <c>*.bpmn</c> files are deployed at start-up; empty means the <c>definitions</c> folder next to the binaries.</summary>
    public string? DefinitionsPath { get; set; }

    /// <summary>The largest JSON request body accepted, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxJsonBodyBytes { get; set; } = 1024 * 1024;
}
