namespace Zzut.Workflows.Activities.Email;

/// <summary>How notices are composed; bound from <c>Workflows:Email</c>.</summary>
public sealed class EmailOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Email";

    /// <summary>Folder of the Liquid templates; empty means <c>definitions/templates</c> next to the binaries.</summary>
    public string? TemplatesPath { get; set; }

    /// <summary>The public address of the web UI, used for links in notices (e.g. <c>https://workflows.zzut.edu.cn</c>).</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>The template every new user task is announced with.</summary>
    public string TaskCreatedTemplate { get; set; } = "task-created";

    /// <summary>The folder the templates are read from.</summary>
    public string ResolveTemplatesPath() =>
        string.IsNullOrWhiteSpace(TemplatesPath) ? Path.Combine(AppContext.BaseDirectory, "definitions", "templates") : Path.GetFullPath(TemplatesPath);
}
