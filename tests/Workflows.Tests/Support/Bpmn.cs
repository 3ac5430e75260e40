namespace Zzut.Workflows.Tests.Support;

/// <summary>Builds small BPMN documents for tests: the process body is written by hand, the envelope is added here.</summary>
public static class Bpmn
{
    public const string Namespaces =
        "xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" " +
        "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" " +
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    /// <summary>A document with one executable process. <paramref name="extraRoot"/> goes before the process (messages).</summary>
    public static string Process(string key, string body, string extraRoot = "") =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions {Namespaces} id="Defs_{key}" targetNamespace="http://zzut.edu.cn/tests">
        {extraRoot}
        <bpmn:process id="{key}" name="Test {key}" isExecutable="true">
        {body}
        </bpmn:process>
        </bpmn:definitions>
        """;

    public static string Message(string id, string name) => $"<bpmn:message id=\"{id}\" name=\"{name}\" />";

    public static string Flow(string id, string from, string to, string? condition = null) => condition is null
        ? $"<bpmn:sequenceFlow id=\"{id}\" sourceRef=\"{from}\" targetRef=\"{to}\" />"
        : $"<bpmn:sequenceFlow id=\"{id}\" sourceRef=\"{from}\" targetRef=\"{to}\"><bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\">{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>";

    public static string UserTask(string id, string attributes = "") => $"<bpmn:userTask id=\"{id}\" name=\"{id}\" {attributes} />";

    public static string Timer(string kind, string value) => $"<bpmn:timerEventDefinition><bpmn:{kind}>{value}</bpmn:{kind}></bpmn:timerEventDefinition>";

    /// <summary>The 1-based line of the first line of <paramref name="xml"/> that contains <paramref name="marker"/> (0 when none does).</summary>
    public static int LineOf(string xml, string marker) =>
        Array.FindIndex(xml.Split('\n'), l => l.Contains(marker, StringComparison.Ordinal)) + 1;

    /// <summary>start → one user task "work" → end.</summary>
    public static string SingleTask(string key, string taskAttributes = "") => Process(key, $"""
        <bpmn:startEvent id="start" />
        {UserTask("work", taskAttributes)}
        <bpmn:endEvent id="end" />
        {Flow("f1", "start", "work")}
        {Flow("f2", "work", "end")}
        """);

    /// <summary>start → parallel fork → the user tasks, each with its attributes → parallel join → end.</summary>
    public static string ParallelTasks(string key, params (string Id, string Attributes)[] tasks) => Process(key, $"""
        <bpmn:startEvent id="start" />
        <bpmn:parallelGateway id="fork" />
        {string.Concat(tasks.Select(t => UserTask(t.Id, t.Attributes) + "\n"))}
        <bpmn:parallelGateway id="join" />
        <bpmn:endEvent id="end" />
        {Flow("f0", "start", "fork")}
        {string.Concat(tasks.Select((t, i) => Flow($"in{i}", "fork", t.Id) + Flow($"out{i}", t.Id, "join") + "\n"))}
        {Flow("f1", "join", "end")}
        """);
}
