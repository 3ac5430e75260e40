using Zzut.Workflows.Activities;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Model;
using Zzut.Workflows.Timing;

namespace Zzut.Workflows.Parsing;

/// <summary>
/// Checks a read <see cref="ProcessModel"/> for everything that would fail or silently misbehave at run time,
/// and reports every problem at once with element id and line.
/// </summary>
public sealed class BpmnValidator(IActivityRegistry activities, IExpressionEvaluator expressions)
{
    /// <summary>Validates a model; an empty list means it can be deployed.</summary>
    public IReadOnlyList<BpmnError> Validate(ProcessModel model)
    {
        var errors = new ErrorSink();
        CheckStarts(model, errors);
        foreach (var node in model.Nodes)
        {
            CheckNode(node, errors);
        }

        foreach (var flow in model.Flows.Where(f => f.Source is not null && f.Target is not null))
        {
            CheckFlow(flow, errors);
        }

        CheckReachability(model, errors);
        return errors.Errors;
    }

    private static void CheckStarts(ProcessModel model, ErrorSink error)
    {
        if (!model.StartEvents.Any())
        {
            error.Add(model.Id, 0, "The process has no start event.");
        }

        if (model.StartEvents.Count(s => s.Trigger is null) > 1)
        {
            foreach (var extra in model.StartEvents.Where(s => s.Trigger is null).Skip(1))
            {
                error.Add(extra, "A process may have only one none start event.");
            }
        }

        foreach (var subProcess in model.Nodes.OfType<SubProcess>())
        {
            var starts = subProcess.Children.OfType<StartEvent>().ToList();
            if (starts.Count != 1)
            {
                error.Add(subProcess, $"An embedded sub-process needs exactly one start event; it has {starts.Count}.");
            }

            foreach (var start in starts.Where(s => s.Trigger is not null))
            {
                error.Add(start, "A start event inside an embedded sub-process must be a none start event.");
            }
        }
    }

    private void CheckNode(FlowNode node, ErrorSink error)
    {
        switch (node)
        {
            case StartEvent start:
                if (start.Incoming.Count > 0)
                {
                    error.Add(start, "A start event cannot have incoming sequence flows.");
                }

                if (start.Outgoing.Count == 0)
                {
                    error.Add(start, "The start event has no outgoing sequence flow.");
                }

                CheckTrigger(start, start.Trigger, error);
                break;
            case EndEvent end:
                if (end.Outgoing.Count > 0)
                {
                    error.Add(end, "An end event cannot have outgoing sequence flows.");
                }

                break;
            case IntermediateCatchEvent catchEvent:
                CheckTrigger(catchEvent, catchEvent.Trigger, error);
                break;
            case BoundaryEvent boundary:
                CheckTrigger(boundary, boundary.Trigger, error);
                if (boundary.Incoming.Count > 0)
                {
                    error.Add(boundary, "A boundary event cannot have incoming sequence flows.");
                }

                if (boundary.AttachedTo is not null && boundary.AttachedTo is not (UserTask or ServiceTask or SubProcess))
                {
                    error.Add(boundary, $"A boundary event can only be attached to a task or sub-process, not to {boundary.AttachedTo.Describe()}.");
                }

                if (boundary.AttachedTo is not null && boundary.AttachedTo.Parent != boundary.Parent)
                {
                    error.Add(boundary, "A boundary event must be in the same scope as the activity it is attached to.");
                }

                if (boundary.AttachedTo is ServiceTask)
                {
                    error.Add(boundary, "Boundary events on service and send tasks are not supported: their activities run within the step, so there is nothing to interrupt.");
                }

                break;
            case UserTask task:
                CheckExpressionOrLiteral(task, "camunda:assignee", task.Assignee, null, error);
                CheckExpressionOrLiteral(task, "camunda:candidateGroups", task.CandidateGroups, null, error);
                CheckExpressionOrLiteral(task, "camunda:candidateUsers", task.CandidateUsers, null, error);
                CheckExpressionOrLiteral(task, "camunda:dueDate", task.DueDate, IsDateOrDuration, error);
                CheckExpressionOrLiteral(task, "camunda:followUpDate", task.FollowUpDate, IsDateOrDuration, error);
                CheckExpressionOrLiteral(task, "camunda:priority", task.Priority, text => int.TryParse(text, out _) ? null : "must be a whole number", error);
                break;
            case ServiceTask service:
                if (service.Topic.Length > 0 && activities.Find(service.Topic) is null)
                {
                    var known = activities.Topics.Count == 0 ? "none" : string.Join(", ", activities.Topics.Order(StringComparer.Ordinal));
                    error.Add(service, $"camunda:topic '{service.Topic}' has no registered activity. Registered topics: {known}.");
                }

                break;
            case Gateway gateway:
                CheckGateway(gateway, error);
                break;
        }

        if (node is not (EndEvent or Gateway { GatewayKind: GatewayKind.Exclusive or GatewayKind.Inclusive }) && node.Outgoing.Count > 1
            && node.Outgoing.Any(f => f.Condition is not null))
        {
            error.Add(node, "Conditional sequence flows may only leave exclusive or inclusive gateways; put a gateway after this element.");
        }

        foreach (var parameter in node.IoMapping.Inputs.Concat(node.IoMapping.Outputs))
        {
            if (expressions.IsReservedName(parameter.Name))
            {
                error.Add(node.Id, parameter.Line, $"参数名 '{parameter.Name}' 与表达式的函数或内置对象同名，须改名 (the parameter '{parameter.Name}' would shadow the expression helper or built-in of that name; rename it).");
            }

            CheckIoValue(node, parameter.Value, parameter.Line, error);
        }
    }

    private void CheckGateway(Gateway gateway, ErrorSink error)
    {
        if (gateway.Outgoing.Count == 0)
        {
            error.Add(gateway, "The gateway has no outgoing sequence flow.");
            return;
        }

        SequenceFlow? defaultFlow = null;
        if (gateway.DefaultFlowId is not null)
        {
            defaultFlow = gateway.Outgoing.FirstOrDefault(f => f.Id == gateway.DefaultFlowId);
            if (gateway.GatewayKind is GatewayKind.Parallel or GatewayKind.EventBased)
            {
                error.Add(gateway, "Only exclusive and inclusive gateways can have a default flow.");
            }
            else if (defaultFlow is null)
            {
                error.Add(gateway, $"The default flow '{gateway.DefaultFlowId}' is not an outgoing flow of this gateway.");
            }
            else if (defaultFlow.Condition is not null)
            {
                error.Add(gateway, $"The default flow '{defaultFlow.Id}' must not have a condition.");
            }
        }

        switch (gateway.GatewayKind)
        {
            case GatewayKind.Exclusive or GatewayKind.Inclusive:
                var isFork = gateway.Outgoing.Count > 1 || gateway.Outgoing.Any(f => f.Condition is not null);
                if (isFork && defaultFlow is null && gateway.Outgoing.All(f => f.Condition is not null))
                {
                    error.Add(gateway, "Every outgoing flow has a condition and there is no default flow: when all conditions are false the instance would be stuck. Mark one flow as the default.");
                }

                if (gateway.GatewayKind == GatewayKind.Exclusive && gateway.Outgoing.Count > 1)
                {
                    foreach (var flow in gateway.Outgoing.Where(f => f.Condition is null && f != defaultFlow))
                    {
                        error.Add(flow, "A flow leaving an exclusive gateway with several outgoing flows needs a condition or must be the default flow.");
                    }
                }

                break;
            case GatewayKind.Parallel:
                foreach (var flow in gateway.Outgoing.Where(f => f.Condition is not null))
                {
                    error.Add(flow, "Conditions on flows leaving a parallel gateway are never evaluated; remove the condition or use an inclusive gateway.");
                }

                break;
            case GatewayKind.EventBased:
                if (gateway.Outgoing.Count < 2)
                {
                    error.Add(gateway, "An event-based gateway needs at least two outgoing flows.");
                }

                foreach (var flow in gateway.Outgoing)
                {
                    if (flow.Target is not IntermediateCatchEvent)
                    {
                        error.Add(flow, $"A flow leaving an event-based gateway must lead to a message or timer intermediate catch event, not to {flow.Target.Describe()}.");
                    }
                    else if (flow.Target.Incoming.Count > 1)
                    {
                        error.Add(flow.Target, "A catch event after an event-based gateway must have only that one incoming flow.");
                    }

                    if (flow.Condition is not null)
                    {
                        error.Add(flow, "Flows leaving an event-based gateway cannot have conditions.");
                    }
                }

                break;
        }
    }

    private void CheckFlow(SequenceFlow flow, ErrorSink error)
    {
        if (flow.Source.Parent != flow.Target.Parent)
        {
            error.Add(flow, "A sequence flow cannot cross a sub-process boundary; connect to the sub-process itself.");
        }

        if (flow.Condition is not null)
        {
            CheckExpressionText(flow, "condition", flow.Condition, requireExpression: true, error);
        }
    }

    private void CheckTrigger(FlowNode node, EventTrigger? trigger, ErrorSink error)
    {
        if (trigger is not TimerTrigger timer)
        {
            return;
        }

        if (node is StartEvent && timer.Kind == TimerKind.Duration)
        {
            error.Add(node, "A timer start event needs a timeDate or timeCycle; a duration has nothing to count from.");
        }

        var value = timer.Value;
        if (ExpressionTemplate.ContainsExpression(value))
        {
            if (!CheckExpressionText(node, "timer", value, requireExpression: false, error) || node is not StartEvent || !TryEvaluateStartTimer(node, value, error, out value))
            {
                // Other timers see the instance's variables: their value is checked when armed (a bad one is an incident).
                return;
            }
        }

        var problem = timer.Kind switch
        {
            TimerKind.Date => IsoDateTime.TryParse(value, out _) ? null : $"timeDate '{value}' is not an ISO 8601 date-time (e.g. 2026-09-01T08:00:00+08:00).",
            TimerKind.Duration => IsoDuration.TryParse(value, out _) ? null : $"timeDuration '{value}' is not an ISO 8601 duration (e.g. PT30M, P1D, P3Y).",
            _ => CycleProblem(value),
        };
        if (problem is not null)
        {
            error.Add(node, problem);
        }
    }

    /// <summary>
    /// A timer start event's expression sees no variables and is evaluated when the definition is deployed, so its value
    /// is checked now, as a literal would be.
    /// </summary>
    private bool TryEvaluateStartTimer(FlowNode node, string text, ErrorSink error, out string value)
    {
        value = text;
        try
        {
            var result = ExpressionTemplate.Parse(text).Evaluate(expressions, new Dictionary<string, System.Text.Json.Nodes.JsonNode?>());
            value = result is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : result?.ToJsonString() ?? string.Empty;
            return true;
        }
        catch (ExpressionException ex)
        {
            error.Add(node, $"The timer expression fails when it is evaluated at deployment: {ex.Message}");
            return false;
        }
    }

    private static string? CycleProblem(string value)
    {
        try
        {
            return TimerCycle.Parse(value).FrequencyProblem() is { } tooOften ? $"timeCycle '{value}': {tooOften}" : null;
        }
        catch (FormatException ex)
        {
            return $"timeCycle '{value}' is invalid: {ex.Message}";
        }
    }

    private static string? IsDateOrDuration(string text) =>
        IsoDateTime.TryParse(text, out _) || IsoDuration.TryParse(text, out _) ? null : "must be an ISO 8601 date-time, an ISO 8601 duration counted from the task's creation, or ${…}";

    private void CheckExpressionOrLiteral(FlowNode node, string attribute, string? value, Func<string, string?>? literalCheck, ErrorSink error)
    {
        if (value is null)
        {
            return;
        }

        if (ExpressionTemplate.ContainsExpression(value))
        {
            CheckExpressionText(node, attribute, value, requireExpression: false, error);
        }
        else if (literalCheck?.Invoke(value) is { } problem)
        {
            error.Add(node, $"{attribute} '{value}' {problem}.");
        }
    }

    private void CheckIoValue(FlowNode node, IoValue value, int line, ErrorSink error)
    {
        switch (value)
        {
            case IoText text when ExpressionTemplate.ContainsExpression(text.Text):
                CheckExpressionText(node.Id, line, "parameter", text.Text, requireExpression: false, error);
                break;
            case IoList list:
                foreach (var item in list.Items)
                {
                    CheckIoValue(node, item, line, error);
                }

                break;
            case IoMap map:
                foreach (var entry in map.Entries)
                {
                    CheckIoValue(node, entry.Value, line, error);
                }

                break;
        }
    }

    private bool CheckExpressionText(BpmnElement element, string what, string text, bool requireExpression, ErrorSink error) =>
        CheckExpressionText(element.Id, element.Line, what, text, requireExpression, error);

    /// <summary>Checks that a text's expressions parse; false (with the problem reported) when they do not.</summary>
    private bool CheckExpressionText(string elementId, int line, string what, string text, bool requireExpression, ErrorSink error)
    {
        try
        {
            var template = ExpressionTemplate.Parse(text);
            if (requireExpression && !template.IsSingleExpression)
            {
                error.Add(elementId, line, $"The {what} '{text}' must be a single ${{…}} expression.");
                return false;
            }

            template.CheckSyntax(expressions);
            return true;
        }
        catch (ExpressionException ex)
        {
            error.Add(elementId, line, $"The {what} expression is malformed: {ex.Message}");
            return false;
        }
    }

    private static void CheckReachability(ProcessModel model, ErrorSink error)
    {
        var reached = new HashSet<FlowNode>();
        var queue = new Queue<FlowNode>(model.StartEvents);
        while (queue.TryDequeue(out var node))
        {
            if (!reached.Add(node))
            {
                continue;
            }

            foreach (var flow in node.Outgoing.Where(f => f.Target is not null))
            {
                queue.Enqueue(flow.Target);
            }

            foreach (var boundary in node.BoundaryEvents)
            {
                queue.Enqueue(boundary);
            }

            if (node is SubProcess { Start: { } start })
            {
                queue.Enqueue(start);
            }
        }

        foreach (var node in model.Nodes.Where(n => !reached.Contains(n)))
        {
            error.Add(node, $"{node.Describe()} cannot be reached from a start event.");
        }
    }

    private sealed class ErrorSink
    {
        public List<BpmnError> Errors { get; } = [];

        public void Add(BpmnElement element, string message) => Errors.Add(new BpmnError(element.Id, element.Line, message));

        public void Add(string elementId, int line, string message) => Errors.Add(new BpmnError(elementId, line, message));
    }
}
