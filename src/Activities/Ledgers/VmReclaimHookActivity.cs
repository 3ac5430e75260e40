using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Domain;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>
/// <c>vm.reclaim</c>: asks the virtualization platform to delete the VM, by POSTing
/// <c>{vmId, serverName, ipAddress, instanceId}</c> to <c>Workflows:Ledgers:VmReclaimHookUrl</c>. It runs as an external
/// call after the step commits; a failure or a non-2xx answer is retried with back-off, and after the last attempt
/// the instance shows an incident at the task (the VM is marked reclaimed only after the hook succeeded).
/// </summary>
public sealed class VmReclaimHookActivity(IHttpClientFactory clients, IOptions<LedgerOptions> options) : IActivity
{
    /// <summary>The name of the HTTP client (configure timeouts or handlers on it).</summary>
    public const string ClientName = "vm-reclaim-hook";

    /// <inheritdoc />
    public string Topic => "vm.reclaim";

    /// <inheritdoc />
    public ActivityExecution Execution => ActivityExecution.External;

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var url = options.Value.VmReclaimHookUrl
            ?? throw new InvalidOperationException("Workflows:Ledgers:VmReclaimHookUrl is not set; the center confirms reclamations instead (start without reclaimHook).");
        using var client = clients.CreateClient(ClientName);
        using var response = await client.PostAsJsonAsync(url, new
        {
            vmId = context.Get("vmId")?.ToString(),
            serverName = context.Get("serverName")?.ToString(),
            ipAddress = context.Get("ipAddress")?.ToString(),
            instanceId = context.InstanceId,
        }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The reclaim hook answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        context.SetVariable("reclaimHookStatus", (int)response.StatusCode);
    }
}
