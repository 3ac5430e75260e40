using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Incidents;

/// <summary>The phases of an incident's handling (Att. 9 §5–§7).</summary>
[JsonConverter(typeof(WireEnumConverter<IncidentPhase>))]
public enum IncidentPhase
{
    /// <summary>应急: reported, being contained.</summary>
    [JsonStringEnumMemberName("emergency")]
    Emergency,

    /// <summary>处置中: level set, being handled.</summary>
    [JsonStringEnumMemberName("in-progress")]
    InProgress,

    /// <summary>整改: handling ended, the rectification report is due.</summary>
    [JsonStringEnumMemberName("rectification")]
    Rectification,

    /// <summary>结案.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>How an incident was reported, from the best to the worst (the order is the severity).</summary>
[JsonConverter(typeof(WireEnumConverter<ReportingStatus>))]
public enum ReportingStatus
{
    /// <summary>Reported in time (or not yet late).</summary>
    [JsonStringEnumMemberName("onTime")]
    OnTime,

    /// <summary>漏报: no written report within 1 hour of occurrence.</summary>
    [JsonStringEnumMemberName("missed")]
    Missed,

    /// <summary>瞒报: no written report within 2 hours of occurrence.</summary>
    [JsonStringEnumMemberName("concealed")]
    Concealed,
}

/// <summary>The accountability measures of Art. 39.</summary>
[JsonConverter(typeof(WireEnumConverter<AccountabilityKind>))]
public enum AccountabilityKind
{
    /// <summary>约谈.</summary>
    [JsonStringEnumMemberName("interview")]
    Interview,

    /// <summary>通报.</summary>
    [JsonStringEnumMemberName("circular")]
    Circular,
}
