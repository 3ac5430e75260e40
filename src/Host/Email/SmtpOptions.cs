using System.ComponentModel.DataAnnotations;

namespace Zzut.Workflows.Host.Email;

/// <summary>How e-mail leaves the outbox; bound from <c>Workflows:Smtp</c>. Without a host, messages go to the pickup folder.</summary>
public sealed class SmtpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Smtp";

    /// <summary>The SMTP server; empty writes .eml files to <see cref="PickupFolder"/> instead of sending.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c> or <c>Auto</c>.</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    /// <summary>User name for SMTP authentication; empty for none.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for SMTP authentication (use an environment variable or a secret store, never appsettings).</summary>
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>网络信息安全工作流 &lt;noreply@zzut.edu.cn&gt;</c>.</summary>
    [Required]
    public string From { get; set; } = "网络信息安全工作流 <noreply@zzut.edu.cn>";

    /// <summary>The SMTP operation timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per message before it is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; each further failure doubles it (capped at one hour).</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Folder for .eml files when no host is set; relative paths are under the data folder.</summary>
    public string PickupFolder { get; set; } = "mail-pickup";
}
