namespace Zzut.Workflows.Domain;

/// <summary>The definition keys the domain's services start or act on (the procedures of PROCEDURES.md).</summary>
public static class Procedures
{
    /// <summary>P2: the level evaluation cycle.</summary>
    public const string LevelEvaluation = "level-evaluation";

    /// <summary>P4b: the yearly re-registration of a VM.</summary>
    public const string VmAnnualReregistration = "vm-annual-reregistration";
}

/// <summary>
/// What a user task is for, as the definition says with <c>&lt;camunda:property name="purpose" value="…"/&gt;</c>:
/// endpoints find the task they complete by its purpose, never by its element id, so a definition's ids may change in a
/// modeler without breaking them.
/// </summary>
public static class TaskPurposes
{
    /// <summary>The property's name.</summary>
    public const string Property = "purpose";

    /// <summary>The unit re-registers a VM (during the window, or in the grace period).</summary>
    public const string VmReregister = "vm-reregister";

    /// <summary>The center confirms the reclamation of a VM.</summary>
    public const string VmReclaimConfirm = "vm-reclaim-confirm";
}
