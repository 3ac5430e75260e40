using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Reports;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Reports;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The annual security reports (Art. 36): the drafts and the approved reports with their figures, and an approved report
/// as a Word document. For the overseeing roles.
/// </summary>
public static class ReportsApi
{
    /// <summary>Maps <c>/api/annual-reports</c>.</summary>
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/annual-reports").WithTags("Reports")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.LeadingGroup, Roles.Office, Roles.Center));
        group.MapGet("/", ListAsync).WithSummary("Every year's report: status, approval, submission.");
        group.MapGet("/{year:int}", GetAsync).WithSummary("One year's report with its figures and narrative.");
        group.MapGet("/{year:int}/docx", DocxAsync).WithSummary("The approved report as a Word document (.docx); a report not yet approved is a 409.");
        return routes;
    }

    private static async Task<Ok<List<JsonObject>>> ListAsync(LedgerDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.AnnualReports.AsNoTracking().OrderByDescending(r => r.Year).ToListAsync(cancellationToken)).Select(Summary).ToList());

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(int year, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var report = await db.AnnualReports.AsNoTracking().FirstOrDefaultAsync(r => r.Year == year, cancellationToken);
        if (report is null)
        {
            return Problems.NotFound($"There is no report of {year}.");
        }

        var json = Summary(report);
        json["overview"] = report.Overview;
        json["problems"] = report.Problems;
        json["measures"] = report.Measures;
        json["nextYearPlan"] = report.NextYearPlan;
        json["approvalOpinion"] = report.ApprovalOpinion;
        json["figures"] = JsonNode.Parse(report.FiguresJson);
        return TypedResults.Ok(json);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DocxAsync(int year, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var report = await db.AnnualReports.AsNoTracking().FirstOrDefaultAsync(r => r.Year == year, cancellationToken);
        if (report is null)
        {
            return Problems.NotFound($"There is no report of {year}.");
        }

        if (!report.IsFrozen)
        {
            return Problems.Conflict($"{year} 年度报告尚未经领导小组批准，不能下载 (the report is {report.Status.ToWire()}; only an approved report is issued).");
        }

        return TypedResults.File(
            AnnualReportDocument.Write(report),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            AnnualReportDocument.FileName(year));
    }

    private static JsonObject Summary(AnnualReportRecord r) => new()
    {
        ["year"] = r.Year,
        ["status"] = r.Status.ToWire(),
        ["assembledAt"] = r.AssembledAt,
        ["draftedBy"] = r.DraftedBy,
        ["approvedAt"] = r.ApprovedAt,
        ["approvedBy"] = r.ApprovedBy,
        ["submittedTo"] = r.SubmittedTo,
        ["submittedOn"] = r.SubmittedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["instanceId"] = r.InstanceId,
    };
}
