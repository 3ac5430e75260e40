using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// Checks a start or a task completion before the engine sees it. A submission is exactly its form: the keys the form
/// declares, each of its component's type and rules (<see cref="FormValidator"/>); without a form, nothing at all. No
/// submission carries a variable the procedure computes (<see cref="ComputedVariables"/>). A unit user acts only for
/// their own unit: a <c>unitCode</c> they submit is their unit's code, as text. An invalid submission is answered 400
/// naming every field; nothing is written.
/// </summary>
public sealed class SubmissionCheck(FormStore forms, FormValidator validator, ComputedVariables computed, IWorkflowEngine engine)
{
    /// <summary>The message for a key sent to a start or task without a form.</summary>
    public const string NoForm = "此环节没有表单，不能提交数据 (this step has no form; submit no variables).";

    /// <summary>The 400 for a start of the named (or latest) version, or null when it may go on.</summary>
    public async Task<ValidationProblem?> ValidateStartAsync(string definitionKey, int? version, string? formRef, JsonObject? variables, Caller caller, CancellationToken cancellationToken = default)
    {
        var model = await engine.GetModelAsync(definitionKey, version, cancellationToken);
        return await ValidateAsync(model, formRef, variables, caller, cancellationToken);
    }

    /// <summary>The 400 for a completion of the task, or null when it may go on.</summary>
    public async Task<ValidationProblem?> ValidateTaskAsync(TaskView task, JsonObject? variables, Caller caller, CancellationToken cancellationToken = default)
    {
        var model = await engine.GetInstanceModelAsync(task.InstanceId, cancellationToken);
        return await ValidateAsync(model, task.FormRef, variables, caller, cancellationToken);
    }

    private async Task<ValidationProblem?> ValidateAsync(Model.ProcessModel? model, string? formRef, JsonObject? variables, Caller caller, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(formRef))
        {
            var schema = forms.FindSchema(formRef)
                ?? throw new InvalidOperationException($"The form '{formRef}' referenced by the definition is not deployed (definitions/forms).");
            errors = await validator.ValidateAsync(schema, variables, caller, cancellationToken);
        }
        else
        {
            foreach (var (key, _) in variables ?? [])
            {
                errors[key] = [NoForm];
            }
        }

        if (model is not null)
        {
            var setters = computed.Of(model);
            foreach (var (key, _) in variables ?? [])
            {
                if (setters.TryGetValue(key, out var setter))
                {
                    errors[key] = [$"由流程计算（{setter.ElementId}），不能由用户填写 (set by the procedure at {setter.ElementId}; a submission may not write it)."];
                }
            }
        }

        if (caller.Roles.Contains(Roles.Unit) && !caller.OverseesInstances && variables is not null && variables.ContainsKey("unitCode") && !errors.ContainsKey("unitCode"))
        {
            var unit = variables["unitCode"];
            if (unit is not JsonValue value || value.GetValueKind() != JsonValueKind.String || caller.UnitCode is null || value.GetValue<string>() != caller.UnitCode)
            {
                errors["unitCode"] = [$"只能为本单位填报 (you may act only for your own unit, '{caller.UnitCode}')."];
            }
        }

        return errors.Count == 0
            ? null
            : TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value).TrimEnd('.')}")), title: "表单校验未通过 (the submission is invalid)");
    }
}
