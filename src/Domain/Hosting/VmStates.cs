using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Hosting;

/// <summary>Where a campus cloud VM stands (P4).</summary>
[JsonConverter(typeof(WireEnumConverter<VmStatus>))]
public enum VmStatus
{
    /// <summary>Applied for, not yet provisioned.</summary>
    [JsonStringEnumMemberName("applying")]
    Applying,

    /// <summary>Provisioned and registered.</summary>
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>Three yearly registrations missed in a row: the center may reclaim it after the final notice and grace period.</summary>
    [JsonStringEnumMemberName("reclaim-pending")]
    ReclaimPending,

    /// <summary>Deleted and reclaimed.</summary>
    [JsonStringEnumMemberName("reclaimed")]
    Reclaimed,
}

/// <summary>What became of one year's registration.</summary>
[JsonConverter(typeof(WireEnumConverter<VmRegistrationOutcome>))]
public enum VmRegistrationOutcome
{
    /// <summary>The unit registered (or the VM was provisioned).</summary>
    [JsonStringEnumMemberName("registered")]
    Registered,

    /// <summary>The window closed without a registration.</summary>
    [JsonStringEnumMemberName("missed")]
    Missed,
}

/// <summary>Where a hosted physical server stands.</summary>
[JsonConverter(typeof(WireEnumConverter<HostedServerStatus>))]
public enum HostedServerStatus
{
    /// <summary>Applied for hosting.</summary>
    [JsonStringEnumMemberName("applying")]
    Applying,

    /// <summary>Hosted in the data center.</summary>
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>Taken out of service.</summary>
    [JsonStringEnumMemberName("retired")]
    Retired,
}
