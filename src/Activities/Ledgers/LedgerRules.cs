using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>What a ledger row must satisfy, whoever writes it (an activity or the API): field name → messages.</summary>
public static partial class LedgerRules
{
    /// <summary>Checks a row; the unit must exist in the directory.</summary>
    public static async Task<Dictionary<string, string[]>> ValidateAsync(object record, LedgerDbContext db, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];
            }
        }

        if (record is IUnitLedgerRecord owned)
        {
            var known = !string.IsNullOrWhiteSpace(owned.UnitCode) && await db.Units.AsNoTracking().AnyAsync(u => u.Code == owned.UnitCode, cancellationToken);
            Check(known, "unitCode", $"未知单位 (unknown unit '{owned.UnitCode}').");
        }

        switch (record)
        {
            case InformationSystemRecord system:
                Check(!string.IsNullOrWhiteSpace(system.Name) && system.Name.Length <= 200, "name", "必填，最多 200 字 (required, at most 200 characters).");
                Check(system.ProposedLevel is >= 1 and <= 5, "proposedLevel", "等级须为 1–5 (level must be 1 to 5).");
                Check(system.ApprovedLevel is null or (>= 1 and <= 5), "approvedLevel", "等级须为 1–5 (level must be 1 to 5).");
                Check(InformationSystemRecord.Statuses.Contains(system.Status), "status", "Must be one of " + string.Join(", ", InformationSystemRecord.Statuses) + ".");
                Check(system.Budget is null or >= 0, "budget", "不能为负 (must not be negative).");
                break;
            case WebsiteRecord site:
                Check(HostName().IsMatch(site.Domain), "domain", "须为域名 (must be a host name such as www.zzut.edu.cn).");
                Check(!string.IsNullOrWhiteSpace(site.UnitName), "unitName", "必填 (required).");
                Check(!string.IsNullOrWhiteSpace(site.AdminName), "adminName", "必填 (required).");
                Check(Email().IsMatch(site.AdminEmail), "adminEmail", "须为电子邮箱 (must be an e-mail address).");
                Check(WebsiteRecord.BuildMethods.Contains(site.BuildMethod), "buildMethod", "Must be one of " + string.Join(", ", WebsiteRecord.BuildMethods) + ".");
                Check(WebsiteRecord.Statuses.Contains(site.Status), "status", "Must be one of " + string.Join(", ", WebsiteRecord.Statuses) + ".");
                Check(site.SecurityCheckResult is null or "passed" or "failed", "securityCheckResult", "Must be passed or failed.");
                break;
            case IncidentRecord incident:
                Check(!string.IsNullOrWhiteSpace(incident.Title) && incident.Title.Length <= 200, "title", "必填，最多 200 字 (required, at most 200 characters).");
                Check(IncidentRecord.Categories.Contains(incident.Category), "category", "Must be one of " + string.Join(", ", IncidentRecord.Categories) + ".");
                Check(incident.Harm is null || IncidentRecord.Harms.Contains(incident.Harm), "harm", "Must be one of " + string.Join(", ", IncidentRecord.Harms) + ".");
                Check(incident.DiscoveredAt >= incident.OccurredAt, "discoveredAt", "发现时间不能早于发生时间 (discovery cannot precede occurrence).");
                Check(incident.ProposedLevel is null or (>= 1 and <= 4), "proposedLevel", "事件级别须为 1–4 (Ⅰ–Ⅳ).");
                Check(incident.ApprovedLevel is null or (>= 1 and <= 4), "approvedLevel", "事件级别须为 1–4 (Ⅰ–Ⅳ).");
                Check(IncidentRecord.Phases.Contains(incident.Phase), "phase", "Must be one of " + string.Join(", ", IncidentRecord.Phases) + ".");
                Check(IncidentRecord.ReportingStatuses.Contains(incident.ReportingStatus), "reportingStatus", "Must be one of " + string.Join(", ", IncidentRecord.ReportingStatuses) + ".");
                break;
            case VmRecord vm:
                Check(VmRecord.VmTypes.Contains(vm.VmType), "vmType", "Must be one of " + string.Join(", ", VmRecord.VmTypes) + ".");
                Check(vm.VmType != "other" || !string.IsNullOrWhiteSpace(vm.VmTypeOther), "vmTypeOther", "类型为“其他”时必填 (required when the type is other).");
                Check(vm.Vcpu is >= 1 and <= 64, "vcpu", "须为 1–64 (1 to 64).");
                Check(vm.MemoryGb is >= 1 and <= 512, "memoryGb", "须为 1–512 GB.");
                Check(vm.DiskGb is >= 10 and <= 10240, "diskGb", "须为 10–10240 GB.");
                Check(vm.ServiceTo > vm.ServiceFrom, "serviceTo", "开通周期结束须晚于开始 (the service period must end after it starts).");
                Check(!string.IsNullOrWhiteSpace(vm.Purpose), "purpose", "必填 (required).");
                Check(VmRecord.Statuses.Contains(vm.Status), "status", "Must be one of " + string.Join(", ", VmRecord.Statuses) + ".");
                Check(vm.ConsecutiveMissedYears >= 0, "consecutiveMissedYears", "不能为负 (must not be negative).");
                Check(vm.Status != "reclaim-pending" || vm.ConsecutiveMissedYears >= 3, "status", "连续 3 年未备案才可待回收 (reclaim-pending needs three missed years).");
                break;
            case HostedServerRecord server:
                Check(!string.IsNullOrWhiteSpace(server.ServerConfiguration), "serverConfiguration", "必填 (required).");
                Check(server.HostingTo > server.HostingFrom, "hostingTo", "托管周期结束须晚于开始 (the hosting period must end after it starts).");
                Check(!string.IsNullOrWhiteSpace(server.Purpose), "purpose", "必填 (required).");
                Check(HostedServerRecord.Statuses.Contains(server.Status), "status", "Must be one of " + string.Join(", ", HostedServerRecord.Statuses) + ".");
                break;
            case RectificationNoticeRecord notice:
                Check(!string.IsNullOrWhiteSpace(notice.Findings), "findings", "必填 (required).");
                Check(notice.Deadline >= notice.IssuedDate, "deadline", "期限不能早于签发日期 (the deadline cannot precede the notice).");
                Check(RectificationNoticeRecord.Statuses.Contains(notice.Status), "status", "Must be one of " + string.Join(", ", RectificationNoticeRecord.Statuses) + ".");
                break;
            case UnitRecord unit:
                Check(UnitCode().IsMatch(unit.Code), "code", "单位代码: 2–32 lower-case letters, digits or '-'.");
                Check(!string.IsNullOrWhiteSpace(unit.Name), "name", "必填 (required).");
                Check(unit.OfficerEmail.Length == 0 || Email().IsMatch(unit.OfficerEmail), "officerEmail", "须为电子邮箱 (must be an e-mail address).");
                Check(unit.HeadEmail.Length == 0 || Email().IsMatch(unit.HeadEmail), "headEmail", "须为电子邮箱 (must be an e-mail address).");
                break;
        }

        return errors;
    }

    /// <summary>Whether the text looks like one e-mail address (the forms use the same check).</summary>
    public static bool IsEmail(string text) => Email().IsMatch(text);

    /// <summary>Throws <see cref="LedgerValidationException"/> when the row is invalid.</summary>
    public static async Task EnsureValidAsync(object record, LedgerDbContext db, CancellationToken cancellationToken = default)
    {
        var errors = await ValidateAsync(record, db, cancellationToken);
        if (errors.Count > 0)
        {
            throw new LedgerValidationException(errors);
        }
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex("^[a-z0-9-]{2,32}$")]
    private static partial Regex UnitCode();
}
