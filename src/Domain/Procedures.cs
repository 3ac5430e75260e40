namespace Zzut.Workflows.Domain;

/// <summary>The definition keys the domain's services start or act on (the procedures of PROCEDURES.md).</summary>
public static class Procedures
{
    /// <summary>P2: the level evaluation cycle.</summary>
    public const string LevelEvaluation = "level-evaluation";

    /// <summary>P4b: the yearly re-registration of a VM.</summary>
    public const string VmAnnualReregistration = "vm-annual-reregistration";

    /// <summary>Art. 34: a unit's periodic self-inspection.</summary>
    public const string UnitSelfInspection = "unit-self-inspection";

    /// <summary>Art. 35: the inspection of one unit (findings, notice, rectification); started per unit by <c>center-inspection</c>.</summary>
    public const string CenterInspectionUnit = "center-inspection-unit";

    /// <summary>Art. 12, Att. 1: a unit head's responsibility letter 一.</summary>
    public const string ResponsibilityLetter = "responsibility-letter";

    /// <summary>Art. 26: a website failing the watch, handled by its unit.</summary>
    public const string WebsiteAnomaly = "website-anomaly";

    /// <summary>The message that tells a <c>website-anomaly</c> its website answers again.</summary>
    public const string WebsiteRecoveredMessage = "website-recovered";

    /// <summary>Art. 36: the annual security report.</summary>
    public const string AnnualSecurityReport = "annual-security-report";
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
