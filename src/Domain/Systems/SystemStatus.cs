using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Systems;

/// <summary>Where an information system stands, in procedure order (P1, then P2).</summary>
[JsonConverter(typeof(WireEnumConverter<SystemStatus>))]
public enum SystemStatus
{
    /// <summary>申请: the unit applied to build it.</summary>
    [JsonStringEnumMemberName("applying")]
    Applying,

    /// <summary>论证: the security argumentation and level review.</summary>
    [JsonStringEnumMemberName("reviewing")]
    Reviewing,

    /// <summary>建设.</summary>
    [JsonStringEnumMemberName("building")]
    Building,

    /// <summary>试运行.</summary>
    [JsonStringEnumMemberName("trial")]
    Trial,

    /// <summary>测评: the level evaluation before acceptance.</summary>
    [JsonStringEnumMemberName("evaluating")]
    Evaluating,

    /// <summary>验收通过: in service, under the evaluation cycle.</summary>
    [JsonStringEnumMemberName("accepted")]
    Accepted,

    /// <summary>停用.</summary>
    [JsonStringEnumMemberName("retired")]
    Retired,
}
