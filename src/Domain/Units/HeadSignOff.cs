namespace Zzut.Workflows.Domain.Units;

/// <summary>
/// The tasks a unit's head (负责人) signs — 所在单位意见 (Att. 4), 负责人签字 (Att. 6, 8), the head's sign-off of incident
/// reports (Att. 9 §5(二)2, (三)2), the approval of a construction application — go to the group <c>head:{unitCode}</c>:
/// the accounts with the role <c>unit-head</c> of that unit. A head never signs off a submission they made themselves in
/// the same procedure: the one who files is not the one who approves.
/// </summary>
public static class HeadSignOff
{
    /// <summary>What every head group starts with.</summary>
    public const string GroupPrefix = "head:";

    /// <summary>The group of a unit's heads, <c>head:{unitCode}</c>.</summary>
    public static string Group(string unitCode) => GroupPrefix + unitCode;

    /// <summary>Whether a candidate group is a unit's head group.</summary>
    public static bool IsHeadGroup(string group) => group.StartsWith(GroupPrefix, StringComparison.Ordinal) && group.Length > GroupPrefix.Length;

    /// <summary>Whether a task naming these candidate groups is a head's sign-off.</summary>
    public static bool IsSignOff(IEnumerable<string> candidateGroups) => candidateGroups.Any(IsHeadGroup);

    /// <summary>
    /// Why <paramref name="signer"/> may not sign off, or null when they may: they made one of the procedure's earlier
    /// submissions (started it, or completed one of its tasks other than a sign-off).
    /// </summary>
    /// <param name="signer">Who is about to sign.</param>
    /// <param name="submitters">Who started the instance and who completed its tasks that are not sign-offs.</param>
    public static string? Refusal(string signer, IEnumerable<string?> submitters) =>
        submitters.Contains(signer, StringComparer.Ordinal)
            ? $"单位负责人不能审核本人在本流程中提交的材料，请由本单位其他负责人签署 (a head may not sign off a submission they made themselves in the same procedure: {signer} submitted in it)."
            : null;
}
