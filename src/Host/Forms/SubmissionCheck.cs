using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// Checks a start or a task completion before the engine sees it: against the referenced form, and a unit user may act
/// only for their own unit (<c>unitCode</c>). An invalid submission is answered 400 naming the fields; nothing is written.
/// </summary>
public sealed class SubmissionCheck(FormStore forms, FormValidator validator)
{
    /// <summary>The 400 to answer, or null when the submission may go on.</summary>
    public async Task<ValidationProblem?> ValidateAsync(string? formRef, JsonObject? variables, Caller caller, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(formRef))
        {
            var form = forms.Find(formRef)
                ?? throw new InvalidOperationException($"The form '{formRef}' referenced by the definition is not deployed (definitions/forms).");
            errors = await validator.ValidateAsync(form, variables, cancellationToken);
        }

        if (!caller.OverseesInstances && caller.OwnUnit is { } own
            && variables?["unitCode"] is JsonValue unit && unit.ToString() != own && !errors.ContainsKey("unitCode"))
        {
            errors["unitCode"] = [$"只能为本单位填报 (you may act only for your own unit, '{caller.UnitCode}')."];
        }

        return errors.Count == 0
            ? null
            : TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value).TrimEnd('.')}")), title: "表单校验未通过 (the submission is invalid)");
    }
}
