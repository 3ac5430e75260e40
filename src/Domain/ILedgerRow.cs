namespace Zzut.Workflows.Domain;

/// <summary>A row that knows its own invariants.</summary>
public interface ILedgerRow
{
    /// <summary>Records every field that breaks a rule of the row (the units directory is checked by <see cref="LedgerRules"/>).</summary>
    void Validate(LedgerErrors errors);
}

/// <summary>A ledger row owned by a unit.</summary>
public interface IUnitLedgerRecord : ILedgerRow
{
    /// <summary>Row id.</summary>
    Guid Id { get; set; }

    /// <summary>The owning unit.</summary>
    string UnitCode { get; }

    /// <summary>Where the row stands in its procedure, by its wire name (the status of an incident is its phase).</summary>
    string Status { get; }

    /// <summary>Incremented on every change; the concurrency token.</summary>
    int Revision { get; set; }

    /// <summary>When the row was created.</summary>
    DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row last changed.</summary>
    DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Who changed a ledger row, when, and from which instance: what a record's rule methods need to stamp a change and
/// write its history entry.
/// </summary>
/// <param name="At">The instant of the change.</param>
/// <param name="Today">Its date in the ledgers' time zone (<see cref="Calendar.WorkingCalendar.LocalDate"/>).</param>
/// <param name="By">The person (null for the procedure itself, e.g. a window that closed).</param>
/// <param name="InstanceId">The instance that made the change, if any.</param>
public readonly record struct LedgerAct(DateTimeOffset At, DateOnly Today, string? By = null, Guid? InstanceId = null);

/// <summary>Stamps changes of ledger rows.</summary>
public static class LedgerRowExtensions
{
    /// <summary>Marks the row changed at <paramref name="at"/>: its update time and its revision (the concurrency token).</summary>
    public static void Touch(this IUnitLedgerRecord record, DateTimeOffset at)
    {
        record.UpdatedAt = at;
        record.Revision++;
    }
}
