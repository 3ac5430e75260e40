using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>
/// A user task: its assignment, dates, priority and form are evaluated, the task row is created (with the listeners'
/// notices) and its boundary events armed; the token waits until someone completes it.
/// </summary>
internal sealed class UserTaskBehaviour : IElementBehaviour
{
    public IReadOnlyList<string> Kinds { get; } = ["userTask"];

    public async Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        var task = (UserTask)node;

        // Evaluate everything first, so that a failing expression leaves no half-created task behind.
        var locals = execution.EvaluateInputs(task, token);
        var scope = execution.Scope(locals);
        var assignee = execution.ResolveText(task.Assignee, scope);
        var groups = execution.ResolveList(task.CandidateGroups, scope);
        var users = execution.ResolveList(task.CandidateUsers, scope);
        var due = execution.ResolveInstant(task.DueDate, scope, "camunda:dueDate");
        var followUp = execution.ResolveInstant(task.FollowUpDate, scope, "camunda:followUpDate");
        var priorityText = execution.ResolveText(task.Priority, scope);
        var priority = 50;
        if (priorityText is not null && !int.TryParse(priorityText, out priority))
        {
            throw new InvalidValueException($"camunda:priority evaluated to '{priorityText}', which is not a whole number.");
        }

        var formRef = execution.ResolveText(task.FormRef, scope);
        var timers = execution.PrepareBoundaryTimers(token, task, scope);

        var now = execution.Now;
        var record = new UserTaskRecord
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = execution.Instance.Id,
            TokenId = token.Id,
            DefinitionKey = execution.Definition.Key,
            BusinessKey = execution.Instance.BusinessKey,
            ElementId = task.Id,
            Name = task.Name,
            Assignee = assignee,
            CandidateGroups = groups.Count == 0 ? string.Empty : "," + string.Join(',', groups) + ",",
            CandidateUsers = users.Count == 0 ? string.Empty : "," + string.Join(',', users) + ",",
            DueAt = due,
            FollowUpAt = followUp,
            Priority = priority,
            FormRef = formRef,
            Status = UserTaskStatus.Open,
            CreatedAt = now,
        };

        // Listeners (task notices) write into this step; if one fails, what they wrote is dropped and the task is not
        // created, so the incident's retry starts clean.
        await NotifyListenersAsync(execution, record, task, cancellationToken);

        token.LocalVariablesJson = locals.Count == 0 ? null : locals.ToJsonString();
        execution.Db.UserTasks.Add(record);
        execution.OpenTasks.Add(record);
        execution.AddHistory("task.created", task.Id, new JsonObject
        {
            ["taskId"] = record.Id.ToString(),
            ["assignee"] = assignee,
            ["candidateGroups"] = new JsonArray([.. groups.Select(g => (JsonNode?)JsonValue.Create(g))]),
            ["dueAt"] = due?.ToString("O"),
        });
        execution.CommitBoundaryEvents(token, task, timers);
    }

    private static async Task NotifyListenersAsync(InstanceExecution execution, UserTaskRecord record, UserTask task, CancellationToken cancellationToken)
    {
        var services = execution.Services;
        if (services.TaskListeners.Count == 0)
        {
            return;
        }

        var db = execution.Db;
        var before = AddedRows(db);
        try
        {
            foreach (var listener in services.TaskListeners)
            {
                await listener.OnCreatedAsync(new UserTaskCreated(record, execution.Model.Name, execution.Variables, task.Properties, services.StepServices), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            foreach (var added in AddedRows(db).Except(before, ReferenceEqualityComparer.Instance))
            {
                db.Entry(added).State = EntityState.Detached;
            }

            throw new ActivityFailedException($"The notice for task '{task.Name ?? task.Id}' could not be prepared: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The rows added to the context so far (by <c>Add</c>: a listener adds its rows so), read without detecting changes
    /// first: detecting them would scan every row the step tracks, twice per task created. Rows waiting to be detected
    /// (added to a navigation collection) are in neither this count nor the one after the listeners, so they stay.
    /// </summary>
    private static HashSet<object> AddedRows(Microsoft.EntityFrameworkCore.DbContext db)
    {
        var tracker = db.ChangeTracker;
        var detects = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return tracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detects;
        }
    }
}
