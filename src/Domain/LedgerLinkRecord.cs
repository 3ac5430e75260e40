namespace Zzut.Workflows.Domain;

/// <summary>Links a ledger row to an instance that touched it.</summary>
public sealed class LedgerLinkRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The ledger's short name: <c>system</c>, <c>website</c>, <c>incident</c>, <c>vm</c>, <c>hostedServer</c>, <c>notice</c>.</summary>
    public required string Ledger { get; set; }

    /// <summary>The ledger row.</summary>
    public Guid RecordId { get; set; }

    /// <summary>The instance.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>Its definition key.</summary>
    public required string DefinitionKey { get; set; }

    /// <summary>The element that wrote the row.</summary>
    public required string ElementId { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }
}
