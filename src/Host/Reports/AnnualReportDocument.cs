using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Zzut.Workflows.Domain.Reports;

namespace Zzut.Workflows.Host.Reports;

/// <summary>
/// Writes an approved annual security report (Art. 36) as a Word document (.docx, Open XML): the title, the office's
/// narrative, the year's figures as tables, and the leading group's approval. Built from the frozen record, so the same
/// report always gives the same text.
/// </summary>
public static class AnnualReportDocument
{
    private const string Font = "SimSun";

    /// <summary>The file name people get: <c>2026年度网络信息安全检查报告.docx</c>.</summary>
    public static string FileName(int year) => $"{year}年度网络信息安全检查报告.docx";

    /// <summary>The .docx bytes of the report.</summary>
    public static byte[] Write(AnnualReportRecord report)
    {
        var figures = report.Figures();
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            document.PackageProperties.Title = $"{report.Year}年度网络信息安全检查报告";
            document.PackageProperties.Creator = "郑州工程技术学院网络安全和信息化领导小组";

            body.Append(Text($"郑州工程技术学院{report.Year}年度网络信息安全检查报告", bold: true, size: 36, center: true));
            body.Append(Text($"网络安全和信息化领导小组　{Date(report.ApprovedAt)} 批准", size: 24, center: true));
            body.Append(Text($"（数据截至 {figures.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}，依据《郑州工程技术学院网络信息安全管理办法》第三十六条）", size: 21, center: true));

            Section(body, "一、总体情况", report.Overview);
            body.Append(Heading("二、主要数据"));
            body.Append(Text("（一）信息系统", bold: true));
            body.Append(Grid(
                ["安全保护等级", "系统数", "已备案", "本年度已测评"],
                figures.Systems.ByLevel.Select(l => new[] { $"第{Level(l.Level)}级", Number(l.Systems), Number(l.Filed), Number(l.EvaluatedInYear) })));
            body.Append(Pairs(
                ("本年度完成等级测评的系统", Number(figures.Systems.EvaluatedInYear)),
                ("测评逾期的系统", Number(figures.Systems.OverdueEvaluations))));
            body.Append(Text("（二）安全检查与整改", bold: true));
            body.Append(Pairs(
                ("信息与网络管理中心组织的检查", Number(figures.Inspections.CenterInspections)),
                ("已检查单位次数", Number(figures.Inspections.UnitsInspected)),
                ("发现问题的单位次数", Number(figures.Inspections.UnitsWithFindings)),
                ("单位自查（已审核通过）", $"{figures.Inspections.SelfInspections}（{figures.Inspections.SelfInspectionsApproved}）"),
                ("下达限期整改通知书", Number(figures.Inspections.NoticesIssued)),
                ("已整改到位", Number(figures.Inspections.NoticesCompleted)),
                ("逾期未整改", Number(figures.Inspections.NoticesOverdue)),
                ("通报批评", Number(figures.Inspections.Criticisms))));
            body.Append(Text("（三）网络信息安全事件", bold: true));
            body.Append(Grid(["事件级别", "事件数"], figures.Incidents.ByLevel.Select(l => new[] { IncidentLevel(l.Key), Number(l.Count) })));
            body.Append(Pairs(
                ("事件总数", Number(figures.Incidents.Total)),
                ("按时报告", Number(figures.Incidents.OnTime)),
                ("漏报", Number(figures.Incidents.Missed)),
                ("瞒报", Number(figures.Incidents.Concealed)),
                ("约谈", Number(figures.Incidents.Interviews)),
                ("通报", Number(figures.Incidents.Circulars))));
            body.Append(Text("（四）云服务（虚拟机）", bold: true));
            body.Append(Pairs(
                ("使用中的虚拟机", Number(figures.Vms.Active)),
                ("本年度备案登记", Number(figures.Vms.RegisteredInYear)),
                ("本年度未备案", Number(figures.Vms.MissedInYear)),
                ("本年度回收", Number(figures.Vms.ReclaimedInYear))));
            body.Append(Text("（五）应急管理", bold: true));
            body.Append(Pairs(
                ("现行应急预案", Number(figures.Emergency.PlansInForce)),
                ("本年度备案的预案版本", Number(figures.Emergency.PlansFiledInYear)),
                ("本年度应急演练", Number(figures.Emergency.DrillsHeld)),
                ("演练名称", figures.Emergency.Drills.Count == 0 ? "无" : string.Join("；", figures.Emergency.Drills)),
                ("安全培训场次", Number(figures.Emergency.TrainingSessions)),
                ("开展培训的单位", $"{figures.Emergency.UnitsTrained} / {figures.Units}"),
                ("参训人次", Number(figures.Emergency.Attendees))));
            body.Append(Text("（六）网络与信息安全责任书", bold: true));
            body.Append(Pairs(
                ("签订责任书（一）的单位", $"{figures.Letters.UnitsWithLetter} / {figures.Units}"),
                ("有效的责任书（二）", Number(figures.Letters.VendorLetters)),
                ("本年度签订", Number(figures.Letters.SignedInYear)),
                ("责任人变更报告（逾期）", $"{figures.Letters.PersonChanges}（{figures.Letters.LateChanges}）")));
            body.Append(Text("（七）预警处置", bold: true));
            body.Append(Pairs(
                ("收到预警", Number(figures.Warnings.Received)),
                ("已关闭", Number(figures.Warnings.Closed)),
                ("应反馈单位次数", Number(figures.Warnings.Answers)),
                ("按期反馈", Number(figures.Warnings.AnsweredOnTime)),
                ("逾期反馈", Number(figures.Warnings.AnsweredLate)),
                ("未反馈", Number(figures.Warnings.Unanswered))));
            body.Append(Text("（八）网站", bold: true));
            body.Append(Pairs(
                ("已上线网站", Number(figures.Websites.Online)),
                ("本年度新上线", Number(figures.Websites.OpenedInYear)),
                ("监测异常的网站", Number(figures.Websites.FailingWatch))));

            Section(body, "三、存在的问题", report.Problems);
            Section(body, "四、整改措施", report.Measures);
            Section(body, "五、下一步工作计划", report.NextYearPlan);
            Section(body, "领导小组意见", string.IsNullOrWhiteSpace(report.ApprovalOpinion) ? "同意。" : report.ApprovalOpinion);
            if (report.SubmittedTo is not null)
            {
                body.Append(Text($"报送：{report.SubmittedTo}（{report.SubmittedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}）"));
            }

            body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 }, new PageMargin { Top = 1440, Bottom = 1440, Left = 1800, Right = 1800 }));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static void Section(Body body, string heading, string? text)
    {
        body.Append(Heading(heading));
        foreach (var line in (text ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            body.Append(Text(line, indent: true));
        }
    }

    private static Paragraph Heading(string text) => Text(text, bold: true, size: 28);

    private static Paragraph Text(string text, bool bold = false, int size = 24, bool center = false, bool indent = false)
    {
        var properties = new ParagraphProperties(new SpacingBetweenLines { After = "120", Line = "360", LineRule = LineSpacingRuleValues.Auto });
        if (center)
        {
            properties.Append(new Justification { Val = JustificationValues.Center });
        }

        if (indent)
        {
            properties.Append(new Indentation { FirstLine = "480" });
        }

        return new Paragraph(properties, Run(text, bold, size));
    }

    private static Run Run(string text, bool bold = false, int size = 24)
    {
        var properties = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, EastAsia = Font }, new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
        if (bold)
        {
            properties.Append(new Bold());
        }

        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Table Pairs(params (string Label, string Value)[] rows) => Grid(["项目", "数量"], rows.Select(r => new[] { r.Label, r.Value }));

    private static Table Grid(string[] headings, IEnumerable<string[]> rows)
    {
        var border = new BorderType[] { new TopBorder(), new BottomBorder(), new LeftBorder(), new RightBorder(), new InsideHorizontalBorder(), new InsideVerticalBorder() };
        foreach (var b in border)
        {
            b.Val = BorderValues.Single;
            b.Size = 4U;
        }

        var table = new Table(new TableProperties(new TableBorders(border.Cast<OpenXmlElement>()), new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        table.Append(Row(headings, bold: true));
        var any = false;
        foreach (var row in rows)
        {
            table.Append(Row(row, bold: false));
            any = true;
        }

        if (!any)
        {
            table.Append(Row([.. headings.Select((_, i) => i == 0 ? "无" : "0")], bold: false));
        }

        return table;
    }

    private static TableRow Row(IEnumerable<string> cells, bool bold) =>
        new(cells.Select(c => new TableCell(new Paragraph(Run(c, bold, 21)))));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset? at) => at?.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "（未批准）";

    private static string Level(int level) => level switch { 1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", _ => level.ToString(CultureInfo.InvariantCulture) };

    private static string IncidentLevel(int level) => level switch { 1 => "Ⅰ级（特别重大）", 2 => "Ⅱ级（重大）", 3 => "Ⅲ级（较大）", 4 => "Ⅳ级（一般）", _ => "未定级" };
}
