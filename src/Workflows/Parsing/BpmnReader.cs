using System.Xml;
using System.Xml.Linq;
using Zzut.Workflows.Model;

namespace Zzut.Workflows.Parsing;

/// <summary>The outcome of reading a BPMN document: a model (when the structure could be read) and every problem found.</summary>
/// <param name="Model">The executable process, or null when the document could not be read far enough.</param>
/// <param name="Errors">Problems found while reading.</param>
public sealed record BpmnReadResult(ProcessModel? Model, IReadOnlyList<BpmnError> Errors);

/// <summary>
/// Reads BPMN 2.0 XML with the Camunda 7 extension attributes into a <see cref="ProcessModel"/>.
/// The XML is read with DTD processing prohibited and no resolver (no XXE, no entity expansion), a size limit, and the
/// shape limits of <see cref="BpmnReaderOptions"/> (nesting depth, element and attribute counts) checked while it streams,
/// before a tree is built. Structural problems are collected, not thrown; semantic checks are the <see cref="BpmnValidator"/>'s.
/// </summary>
public static class BpmnReader
{
    /// <summary>The BPMN 2.0 model namespace.</summary>
    public const string BpmnNamespace = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /// <summary>The Camunda 7 extension namespace.</summary>
    public const string CamundaNamespace = "http://camunda.org/schema/1.0/bpmn";

    /// <summary>The default limit on the document's size in characters (5 MB).</summary>
    public const int DefaultMaxCharacters = 5 * 1024 * 1024;

    private static readonly XNamespace Bpmn = BpmnNamespace;
    private static readonly XNamespace Camunda = CamundaNamespace;

    // Elements inside a process that carry no execution semantics: read past without error.
    private static readonly HashSet<string> InertElements =
    [
        "documentation", "extensionElements", "incoming", "outgoing", "textAnnotation", "association", "group",
        "laneSet", "dataObject", "dataObjectReference", "dataStoreReference", "property",
    ];

    // Camunda attributes that configure behaviour this engine does not execute: a definition using them is rejected.
    private static readonly string[] UnsupportedImplementationAttributes =
        ["class", "expression", "delegateExpression", "resultVariable", "decisionRef", "script", "scriptFormat"];

    /// <summary>Reads a document.</summary>
    /// <param name="xml">The BPMN XML text.</param>
    /// <param name="maxCharacters">The size limit in characters.</param>
    /// <param name="limits">The shape limits; the defaults when null.</param>
    public static BpmnReadResult Read(string xml, int maxCharacters = DefaultMaxCharacters, BpmnReaderOptions? limits = null)
    {
        limits ??= new BpmnReaderOptions();
        var errors = new List<BpmnError>();
        if (string.IsNullOrWhiteSpace(xml))
        {
            return new(null, [new BpmnError(null, 0, "文档为空 (The document is empty.)")]);
        }

        if (xml.Length > maxCharacters)
        {
            return new(null, [new BpmnError(null, 0, $"文档有 {xml.Length:N0} 个字符，超过上限 {maxCharacters:N0} (The document has {xml.Length:N0} characters; the limit is {maxCharacters:N0}.)")]);
        }

        XDocument document;
        try
        {
            if (CheckShape(xml, maxCharacters, limits) is { } tooLarge)
            {
                return new(null, [tooLarge]);
            }

            document = Load(xml, maxCharacters);
        }
        catch (XmlException ex)
        {
            var message = ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "BPMN 文档中不允许 DTD 和实体声明 (DTDs and entity declarations are not allowed in BPMN documents.)"
                : $"文档不是格式正确的 XML (The document is not well-formed XML: {ex.Message})";
            return new(null, [new BpmnError(null, ex.LineNumber, message)]);
        }

        var root = document.Root!;
        if (root.Name != Bpmn + "definitions")
        {
            return new(null, [new BpmnError(null, LineOf(root), $"根元素须为 BPMN 2.0 的 <definitions> (The root element is <{root.Name.LocalName}> in namespace '{root.Name.NamespaceName}'; expected <definitions> in the BPMN 2.0 namespace '{BpmnNamespace}'.)")]);
        }

        var messages = root.Elements(Bpmn + "message")
            .Where(m => m.Attribute("id") is not null)
            .GroupBy(m => (string)m.Attribute("id")!)
            .ToDictionary(g => g.Key, g => (string?)g.First().Attribute("name"), StringComparer.Ordinal);

        var processes = root.Elements(Bpmn + "process").ToList();
        var executable = processes.Where(p => !string.Equals((string?)p.Attribute("isExecutable"), "false", StringComparison.OrdinalIgnoreCase)).ToList();
        if (executable.Count == 0)
        {
            var line = processes.Count > 0 ? LineOf(processes[0]) : LineOf(root);
            return new(null, [new BpmnError(processes.Count > 0 ? (string?)processes[0].Attribute("id") : null, line, "文档中没有可执行的流程 (The document has no executable process (a <process> with isExecutable=\"true\").)")]);
        }

        if (executable.Count > 1)
        {
            foreach (var extra in executable.Skip(1))
            {
                errors.Add(new BpmnError((string?)extra.Attribute("id"), LineOf(extra), "每个文档只能有一个可执行流程，请分文件部署 (Only one executable process per document is supported; deploy each process in its own file.)"));
            }
        }

        var context = new ReadContext(messages, errors, limits);
        var processElement = executable[0];
        var processId = (string?)processElement.Attribute("id");
        if (string.IsNullOrWhiteSpace(processId))
        {
            errors.Add(new BpmnError(null, LineOf(processElement), "流程没有 id，id 即流程定义的标识 (The process has no id; the id is the definition key.)"));
            return new(null, errors);
        }

        ReadScope(processElement, null, context);
        Link(context);

        var model = new ProcessModel(processId, (string?)processElement.Attribute("name"), context.Nodes, context.Flows)
        {
            CandidateStarterGroups = SplitList((string?)processElement.Attribute(Camunda + "candidateStarterGroups")),
            CandidateStarterUsers = SplitList((string?)processElement.Attribute(Camunda + "candidateStarterUsers")),
            StartableByPeople = StartableInTasklist(processElement, context),
            Properties = ReadProperties(processElement),
        };
        return new(model, errors);
    }

    /// <summary><c>camunda:isStartableInTasklist</c>: <c>true</c> (the default) or <c>false</c>; anything else is an error.</summary>
    private static bool StartableInTasklist(XElement process, ReadContext context)
    {
        var value = ((string?)process.Attribute(Camunda + "isStartableInTasklist"))?.Trim();
        switch (value)
        {
            case null or "true":
                return true;
            case "false":
                return false;
            default:
                context.Error(process, $"camunda:isStartableInTasklist 须为 true 或 false (camunda:isStartableInTasklist must be true or false, not '{value}').");
                return true;
        }
    }

    private static XmlReaderSettings Settings(int maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>
    /// Streams through the document once, without building anything, and stops at the first element that breaks a
    /// limit: the problem names its line. Not-well-formed XML surfaces here as an <see cref="XmlException"/>.
    /// </summary>
    private static BpmnError? CheckShape(string xml, int maxCharacters, BpmnReaderOptions limits)
    {
        using var text = new StringReader(xml);
        using var reader = XmlReader.Create(text, Settings(maxCharacters));
        var lines = (IXmlLineInfo)reader;
        var elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth >= limits.MaxDepth)
            {
                return new BpmnError(null, lines.LineNumber, $"元素嵌套超过 {limits.MaxDepth} 层 (elements nest deeper than {limits.MaxDepth} levels here, at <{reader.Name}>).");
            }

            if (++elements > limits.MaxElements)
            {
                return new BpmnError(null, lines.LineNumber, $"元素超过 {limits.MaxElements} 个 (the document has more than {limits.MaxElements} elements; the one beyond the limit is <{reader.Name}>).");
            }

            if (reader.AttributeCount > limits.MaxAttributesPerElement)
            {
                return new BpmnError(null, lines.LineNumber, $"元素 <{reader.Name}> 的属性超过 {limits.MaxAttributesPerElement} 个 (<{reader.Name}> has {reader.AttributeCount} attributes; the limit is {limits.MaxAttributesPerElement}).");
            }
        }

        return null;
    }

    private static XDocument Load(string xml, int maxCharacters)
    {
        using var text = new StringReader(xml);
        using var reader = XmlReader.Create(text, Settings(maxCharacters));
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }

    private sealed class ReadContext(Dictionary<string, string?> messages, List<BpmnError> errors, BpmnReaderOptions limits)
    {
        public BpmnReaderOptions Limits { get; } = limits;

        public Dictionary<string, string?> Messages { get; } = messages;

        public List<BpmnError> Errors { get; } = errors;

        public List<FlowNode> Nodes { get; } = [];

        public List<SequenceFlow> Flows { get; } = [];

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public void Error(XElement element, string message) =>
            Errors.Add(new BpmnError((string?)element.Attribute("id"), LineOf(element), message));
    }

    private static void ReadScope(XElement scope, SubProcess? parent, ReadContext context)
    {
        foreach (var element in scope.Elements())
        {
            if (element.Name.Namespace != Bpmn)
            {
                continue; // Foreign extension elements outside extensionElements are ignored by BPMN tools too.
            }

            var local = element.Name.LocalName;
            if (InertElements.Contains(local))
            {
                continue;
            }

            var id = (string?)element.Attribute("id");
            if (string.IsNullOrWhiteSpace(id))
            {
                context.Error(element, $"<{local}> 缺少 id (<{local}> has no id.)");
                continue;
            }

            if (!context.Ids.Add(id))
            {
                context.Error(element, $"id '{id}' 重复使用 (The id '{id}' is used more than once.)");
                continue;
            }

            if (local == "sequenceFlow")
            {
                context.Flows.Add(ReadFlow(element, context));
                continue;
            }

            var node = ReadNode(element, local, context);
            if (node is null)
            {
                continue;
            }

            node.Parent = parent;
            parent?.AddChild(node);
            context.Nodes.Add(node);
            if (node is SubProcess subProcess)
            {
                ReadScope(element, subProcess, context);
            }
        }
    }

    private static SequenceFlow ReadFlow(XElement element, ReadContext context)
    {
        string? condition = null;
        var conditionElement = element.Element(Bpmn + "conditionExpression");
        if (conditionElement is not null)
        {
            var language = (string?)conditionElement.Attribute("language");
            if (language is not null && !string.IsNullOrWhiteSpace(language) && !language.Contains("javascript", StringComparison.OrdinalIgnoreCase))
            {
                context.Error(element, $"不支持条件语言 '{language}'，请将条件写成 ${{…}} (Condition language '{language}' is not supported; write the condition as ${{…}} (JavaScript).)");
            }

            condition = conditionElement.Value.Trim();
            if (condition.Length == 0)
            {
                context.Error(element, "条件表达式为空 (The condition expression is empty.)");
                condition = null;
            }
        }

        return new SequenceFlow
        {
            Id = (string)element.Attribute("id")!,
            Name = (string?)element.Attribute("name"),
            Line = LineOf(element),
            SourceRef = ((string?)element.Attribute("sourceRef")) ?? string.Empty,
            TargetRef = ((string?)element.Attribute("targetRef")) ?? string.Empty,
            Condition = condition,
        };
    }

    private static FlowNode? ReadNode(XElement element, string local, ReadContext context)
    {
        var id = (string)element.Attribute("id")!;
        var name = (string?)element.Attribute("name");
        var line = LineOf(element);
        var io = ReadIoMapping(element, context);
        var properties = ReadProperties(element);
        RejectListeners(element, context);

        switch (local)
        {
            case "startEvent":
                return new StartEvent { Id = id, Name = name, Line = line, Trigger = ReadTrigger(element, context, allowNone: true), IoMapping = io, Properties = properties, FormRef = CamundaAttribute(element, "formRef") ?? CamundaAttribute(element, "formKey") };
            case "endEvent":
                {
                    var definitions = EventDefinitions(element);
                    var terminate = definitions.Any(d => d.Name.LocalName == "terminateEventDefinition");
                    foreach (var other in definitions.Where(d => d.Name.LocalName != "terminateEventDefinition"))
                    {
                        context.Error(element, $"引擎不执行带 <{other.Name.LocalName}> 的结束事件，请使用空结束事件或终止结束事件 (End events with a <{other.Name.LocalName}> are not executed by this engine; use a none or terminate end event.)");
                    }

                    return new EndEvent { Id = id, Name = name, Line = line, Terminate = terminate, IoMapping = io, Properties = properties };
                }

            case "intermediateCatchEvent":
                {
                    var trigger = ReadTrigger(element, context, allowNone: false);
                    return trigger is null ? null : new IntermediateCatchEvent { Id = id, Name = name, Line = line, Trigger = trigger, IoMapping = io, Properties = properties };
                }

            case "boundaryEvent":
                {
                    var trigger = ReadTrigger(element, context, allowNone: false);
                    if (trigger is null)
                    {
                        return null;
                    }

                    var attachedTo = (string?)element.Attribute("attachedToRef");
                    if (string.IsNullOrWhiteSpace(attachedTo))
                    {
                        context.Error(element, "边界事件没有附着的环节 (The boundary event has no attachedToRef.)");
                        return null;
                    }

                    return new BoundaryEvent
                    {
                        Id = id, Name = name, Line = line, Trigger = trigger, AttachedToRef = attachedTo, IoMapping = io, Properties = properties,
                        CancelActivity = !string.Equals((string?)element.Attribute("cancelActivity"), "false", StringComparison.OrdinalIgnoreCase),
                    };
                }

            case "userTask":
                RejectAttributes(element, context, UnsupportedImplementationAttributes);
                if (element.Element(Bpmn + "extensionElements")?.Element(Camunda + "formData") is { } formData)
                {
                    context.Errors.Add(new BpmnError(id, LineOf(formData), "不支持 camunda:formData（生成式表单），请用 camunda:formRef 引用 form-js 表单 (camunda:formData (generated forms) is not supported; reference a form-js file with camunda:formRef.)"));
                }

                return new UserTask
                {
                    Id = id, Name = name, Line = line, IoMapping = io, Properties = properties,
                    Assignee = CamundaAttribute(element, "assignee"),
                    CandidateGroups = CamundaAttribute(element, "candidateGroups"),
                    CandidateUsers = CamundaAttribute(element, "candidateUsers"),
                    DueDate = CamundaAttribute(element, "dueDate"),
                    FollowUpDate = CamundaAttribute(element, "followUpDate"),
                    Priority = CamundaAttribute(element, "priority"),
                    FormRef = CamundaAttribute(element, "formRef") ?? CamundaAttribute(element, "formKey"),
                };

            case "serviceTask":
            case "sendTask":
                {
                    RejectAttributes(element, context, UnsupportedImplementationAttributes);
                    var type = CamundaAttribute(element, "type");
                    if (type is not null && type != "external")
                    {
                        context.Error(element, $"不支持 camunda:type=\"{type}\"，请使用 camunda:type=\"external\" 并以 camunda:topic 指定已注册的活动 (camunda:type=\"{type}\" is not supported; use camunda:type=\"external\" with a camunda:topic naming a registered activity.)");
                    }

                    var topic = CamundaAttribute(element, "topic");
                    if (topic is null)
                    {
                        context.Error(element, $"{local} 缺少 camunda:topic，请设置 camunda:type=\"external\" 并以 camunda:topic 指定已注册的活动 (The {local} has no camunda:topic; set camunda:type=\"external\" and camunda:topic to the name of a registered activity.)");
                    }

                    return new ServiceTask { Id = id, Name = name, Line = line, Topic = topic ?? string.Empty, IsSendTask = local == "sendTask", IoMapping = io, Properties = properties };
                }

            case "exclusiveGateway":
            case "parallelGateway":
            case "inclusiveGateway":
            case "eventBasedGateway":
                {
                    var kind = local switch
                    {
                        "exclusiveGateway" => GatewayKind.Exclusive,
                        "parallelGateway" => GatewayKind.Parallel,
                        "inclusiveGateway" => GatewayKind.Inclusive,
                        _ => GatewayKind.EventBased,
                    };
                    return new Gateway { Id = id, Name = name, Line = line, GatewayKind = kind, DefaultFlowId = (string?)element.Attribute("default"), IoMapping = io, Properties = properties };
                }

            case "subProcess":
                if (string.Equals((string?)element.Attribute("triggeredByEvent"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    context.Error(element, "引擎不执行事件子流程，请在嵌入式子流程上使用边界事件 (Event sub-processes are not executed by this engine; use boundary events on an embedded sub-process.)");
                    return null;
                }

                return new SubProcess { Id = id, Name = name, Line = line, IoMapping = io, Properties = properties };

            case "callActivity":
                return ReadCallActivity(element, context, id, name, line, io, properties);

            default:
                context.Error(element, $"引擎不执行 <{local}>。支持：开始、结束、中间捕获和边界事件（空、消息、定时、终止），人工、服务和发送任务，排他、并行、包容和事件网关，嵌入式子流程，调用活动 (<{local}> is not executed by this engine. Supported: start, end, intermediate catch and boundary events (none, message, timer, terminate), user, service and send tasks, exclusive, parallel, inclusive and event-based gateways, embedded sub-processes, call activities.)");
                return null;
        }
    }

    private static CallActivity? ReadCallActivity(XElement element, ReadContext context, string id, string? name, int line, IoMapping io, Dictionary<string, string> properties)
    {
        RejectAttributes(element, context, ["calledElementTenantId", "variableMappingClass", "variableMappingDelegateExpression", "caseRef", "caseBinding", "caseVersion", "calledElementVersionTag"]);
        var calledElement = ((string?)element.Attribute("calledElement"))?.Trim();
        if (string.IsNullOrEmpty(calledElement))
        {
            context.Error(element, "调用活动缺少 calledElement (the call activity has no calledElement: set it to the key of the process to call).");
        }
        else if (calledElement.Contains("${", StringComparison.Ordinal) || calledElement.Contains("#{", StringComparison.Ordinal))
        {
            context.Error(element, $"calledElement 必须是流程键，不能是表达式 (calledElement '{calledElement}' must be a process key, not an expression, so that it can be checked at deployment).");
        }

        var bindingText = CamundaAttribute(element, "calledElementBinding") ?? "latest";
        var versionText = CamundaAttribute(element, "calledElementVersion");
        var binding = CalledElementBinding.Latest;
        int? version = null;
        switch (bindingText)
        {
            case "latest":
                if (versionText is not null)
                {
                    context.Error(element, "camunda:calledElementVersion 只能与 camunda:calledElementBinding=\"version\" 一起使用 (camunda:calledElementVersion needs camunda:calledElementBinding=\"version\").");
                }

                break;
            case "version":
                binding = CalledElementBinding.Version;
                if (versionText is null || !int.TryParse(versionText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
                {
                    context.Error(element, $"camunda:calledElementVersion 必须是正整数 (camunda:calledElementBinding=\"version\" needs camunda:calledElementVersion set to a version number ≥ 1; it is '{versionText}').");
                }
                else
                {
                    version = number;
                }

                break;
            default:
                context.Error(element, $"不支持的 camunda:calledElementBinding '{bindingText}' (camunda:calledElementBinding must be \"latest\" or \"version\").");
                break;
        }

        var extensions = element.Element(Bpmn + "extensionElements");
        string? businessKey = null;
        var inputs = new List<CallVariableMapping>();
        foreach (var mapping in extensions?.Elements(Camunda + "in") ?? [])
        {
            if ((string?)mapping.Attribute("businessKey") is { } key)
            {
                if (businessKey is not null)
                {
                    context.Errors.Add(new BpmnError(id, LineOf(mapping), "业务键只能设置一次 (camunda:in businessKey is given more than once)."));
                }

                if (mapping.Attributes().Any(a => a.Name.LocalName is "source" or "sourceExpression" or "target" or "variables"))
                {
                    context.Errors.Add(new BpmnError(id, LineOf(mapping), "带 businessKey 的 camunda:in 不能再映射变量 (a camunda:in with businessKey maps no variable; write the variable mapping in its own camunda:in)."));
                }

                businessKey = key.Trim();
                continue;
            }

            if (ReadVariableMapping(mapping, id, context) is { } read)
            {
                inputs.Add(read);
            }
        }

        var outputs = new List<CallVariableMapping>();
        foreach (var mapping in extensions?.Elements(Camunda + "out") ?? [])
        {
            if (ReadVariableMapping(mapping, id, context) is { } read)
            {
                outputs.Add(read);
            }
        }

        return string.IsNullOrEmpty(calledElement) ? null : new CallActivity
        {
            Id = id, Name = name, Line = line, IoMapping = io, Properties = properties,
            CalledElement = calledElement, Binding = binding, CalledElementVersion = version,
            In = inputs, Out = outputs, BusinessKey = string.IsNullOrEmpty(businessKey) ? null : businessKey,
        };
    }

    private static CallVariableMapping? ReadVariableMapping(XElement mapping, string ownerId, ReadContext context)
    {
        var kind = "camunda:" + mapping.Name.LocalName;
        var line = LineOf(mapping);
        var source = (string?)mapping.Attribute("source");
        var expression = (string?)mapping.Attribute("sourceExpression");
        var target = (string?)mapping.Attribute("target");
        var variables = (string?)mapping.Attribute("variables");
        if (mapping.Attribute("local") is not null)
        {
            context.Errors.Add(new BpmnError(ownerId, line, $"{kind} 的 local 属性不受支持 ({kind} local=\"…\" is not supported: variables are mapped to and from the called instance's process variables)."));
            return null;
        }

        if (variables is not null)
        {
            if (variables != "all")
            {
                context.Errors.Add(new BpmnError(ownerId, line, $"{kind} 的 variables 只能是 all ({kind} variables=\"{variables}\": only variables=\"all\" is supported)."));
                return null;
            }

            if (source is not null || expression is not null || target is not null)
            {
                context.Errors.Add(new BpmnError(ownerId, line, $"{kind} variables=\"all\" 不能再写 source、sourceExpression 或 target ({kind} variables=\"all\" takes no source, sourceExpression or target)."));
                return null;
            }

            return new CallVariableMapping(null, null, null, All: true, line);
        }

        if ((source is null) == (expression is null))
        {
            context.Errors.Add(new BpmnError(ownerId, line, $"{kind} 需要 source 或 sourceExpression 之一 ({kind} needs exactly one of source, sourceExpression or variables=\"all\")."));
            return null;
        }

        if (string.IsNullOrWhiteSpace(target))
        {
            context.Errors.Add(new BpmnError(ownerId, line, $"{kind} 缺少 target ({kind} has no target variable)."));
            return null;
        }

        if (source is not null && string.IsNullOrWhiteSpace(source))
        {
            context.Errors.Add(new BpmnError(ownerId, line, $"{kind} 的 source 为空 ({kind} has an empty source)."));
            return null;
        }

        return new CallVariableMapping(source?.Trim(), expression?.Trim(), target.Trim(), All: false, line);
    }

    private static IEnumerable<XElement> EventDefinitions(XElement element) =>
        element.Elements().Where(e => e.Name.Namespace == Bpmn && e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal));

    private static EventTrigger? ReadTrigger(XElement element, ReadContext context, bool allowNone)
    {
        var definitions = EventDefinitions(element).ToList();
        if (definitions.Count == 0)
        {
            if (!allowNone)
            {
                context.Error(element, $"{element.Name.LocalName} 需要消息或定时事件定义 (A {element.Name.LocalName} needs a message or timer event definition.)");
            }

            return null;
        }

        if (definitions.Count > 1)
        {
            context.Error(element, "不支持带多个事件定义的事件 (Events with more than one event definition are not supported.)");
            return null;
        }

        var definition = definitions[0];
        switch (definition.Name.LocalName)
        {
            case "messageEventDefinition":
                {
                    var messageRef = (string?)definition.Attribute("messageRef");
                    if (string.IsNullOrWhiteSpace(messageRef))
                    {
                        context.Error(element, "消息事件没有引用消息 (The message event has no messageRef.)");
                        return null;
                    }

                    if (!context.Messages.TryGetValue(messageRef, out var messageName))
                    {
                        context.Error(element, $"消息事件引用的消息 '{messageRef}' 未在文档中声明 (The message event refers to message '{messageRef}', which is not declared in the document.)");
                        return null;
                    }

                    if (string.IsNullOrWhiteSpace(messageName))
                    {
                        context.Error(element, $"消息 '{messageRef}' 没有名称，发送方按名称关联 (Message '{messageRef}' has no name; the name is what senders correlate on.)");
                        return null;
                    }

                    return new MessageTrigger(messageName);
                }

            case "timerEventDefinition":
                {
                    var parts = new[] { ("timeDate", TimerKind.Date), ("timeDuration", TimerKind.Duration), ("timeCycle", TimerKind.Cycle) }
                        .Select(p => (Element: definition.Element(Bpmn + p.Item1), Kind: p.Item2))
                        .Where(p => p.Element is not null)
                        .ToList();
                    if (parts.Count != 1)
                    {
                        context.Error(element, "定时器须且只能有 timeDate、timeDuration、timeCycle 之一 (A timer needs exactly one of timeDate, timeDuration or timeCycle.)");
                        return null;
                    }

                    var value = parts[0].Element!.Value.Trim();
                    if (value.Length == 0)
                    {
                        context.Error(element, $"定时器的 {parts[0].Element!.Name.LocalName} 为空 (The timer's {parts[0].Element!.Name.LocalName} is empty.)");
                        return null;
                    }

                    return new TimerTrigger(parts[0].Kind, value);
                }

            case "terminateEventDefinition":
                context.Error(element, "终止事件定义只能用于结束事件 (A terminate event definition belongs on an end event.)");
                return null;

            default:
                context.Error(element, $"引擎不执行 <{definition.Name.LocalName}>，只支持消息和定时事件（以及结束事件上的终止） (<{definition.Name.LocalName}> is not executed by this engine; only message and timer events are (and terminate on end events).)");
                return null;
        }
    }

    private static IoMapping ReadIoMapping(XElement element, ReadContext context)
    {
        var inputOutput = element.Element(Bpmn + "extensionElements")?.Element(Camunda + "inputOutput");
        if (inputOutput is null)
        {
            return IoMapping.Empty;
        }

        List<IoParameter> Read(string parameterName) =>
            inputOutput.Elements(Camunda + parameterName)
                .Select(p => (Element: p, Name: (string?)p.Attribute("name")))
                .Where(p =>
                {
                    if (!string.IsNullOrWhiteSpace(p.Name))
                    {
                        return true;
                    }

                    context.Errors.Add(new BpmnError((string?)element.Attribute("id"), LineOf(p.Element), $"camunda:{parameterName} 缺少名称 (A camunda:{parameterName} has no name.)"));
                    return false;
                })
                .Select(p => new IoParameter(p.Name!, ReadIoValue(p.Element, element, context), LineOf(p.Element)))
                .ToList();

        return new IoMapping(Read("inputParameter"), Read("outputParameter"));
    }

    private static IoValue ReadIoValue(XElement parameter, XElement owner, ReadContext context, int nesting = 0)
    {
        var child = parameter.Elements().FirstOrDefault();
        if (child is null)
        {
            return new IoText(parameter.Value.Trim());
        }

        if (child.Name == Camunda + "list" || child.Name == Camunda + "map")
        {
            if (nesting >= context.Limits.MaxValueNesting)
            {
                context.Errors.Add(new BpmnError((string?)owner.Attribute("id"), LineOf(child), $"camunda:list 与 camunda:map 嵌套超过 {context.Limits.MaxValueNesting} 层 (lists and maps nest deeper than {context.Limits.MaxValueNesting} levels here)."));
                return new IoText(string.Empty);
            }
        }

        if (child.Name == Camunda + "list")
        {
            return new IoList(child.Elements().Select(item => item.Name == Camunda + "value" && !item.HasElements
                ? new IoText(item.Value.Trim())
                : ReadIoValue(item, owner, context, nesting + 1)).ToList());
        }

        if (child.Name == Camunda + "map")
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var entries = new List<KeyValuePair<string, IoValue>>();
            foreach (var entry in child.Elements(Camunda + "entry"))
            {
                var key = (string?)entry.Attribute("key") ?? string.Empty;
                if (!keys.Add(key))
                {
                    context.Errors.Add(new BpmnError((string?)owner.Attribute("id"), LineOf(entry), $"camunda:map 的键 '{key}' 出现多次 (the map has the key '{key}' more than once)."));
                    continue;
                }

                entries.Add(new(key, ReadIoValue(entry, owner, context, nesting + 1)));
            }

            return new IoMap(entries);
        }

        context.Errors.Add(new BpmnError((string?)owner.Attribute("id"), LineOf(child), $"参数中不支持 <camunda:{child.Name.LocalName}>，请使用含 ${{…}} 的文本、camunda:list 或 camunda:map (<camunda:{child.Name.LocalName}> in a parameter is not supported; use text with ${{…}}, camunda:list or camunda:map.)"));
        return new IoText(string.Empty);
    }

    private static Dictionary<string, string> ReadProperties(XElement element)
    {
        var properties = element.Element(Bpmn + "extensionElements")?.Element(Camunda + "properties");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties is null)
        {
            return result;
        }

        foreach (var property in properties.Elements(Camunda + "property"))
        {
            var name = (string?)property.Attribute("name");
            if (!string.IsNullOrWhiteSpace(name))
            {
                result[name] = (string?)property.Attribute("value") ?? string.Empty;
            }
        }

        return result;
    }

    private static void RejectListeners(XElement element, ReadContext context)
    {
        var extensions = element.Element(Bpmn + "extensionElements");
        if (extensions is null)
        {
            return;
        }

        foreach (var listener in extensions.Elements().Where(e => e.Name == Camunda + "executionListener" || e.Name == Camunda + "taskListener" || e.Name == Camunda + "field" || e.Name == Camunda + "connector"))
        {
            context.Errors.Add(new BpmnError((string?)element.Attribute("id"), LineOf(listener), $"引擎不执行 <camunda:{listener.Name.LocalName}>，请改用带 camunda:topic 的服务任务 (<camunda:{listener.Name.LocalName}> is not executed by this engine; model the behaviour as a service task with a camunda:topic.)"));
        }
    }

    private static void RejectAttributes(XElement element, ReadContext context, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (element.Attribute(Camunda + name) is not null)
            {
                context.Error(element, $"不支持 camunda:{name}，服务逻辑由 camunda:type=\"external\" 与 camunda:topic 指定的活动执行 (camunda:{name} is not supported; service logic runs in activities addressed by camunda:type=\"external\" and camunda:topic.)");
            }
        }
    }

    private static string? CamundaAttribute(XElement element, string name)
    {
        var value = (string?)element.Attribute(Camunda + name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static void Link(ReadContext context)
    {
        var nodes = context.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        foreach (var flow in context.Flows)
        {
            var ok = true;
            if (!nodes.TryGetValue(flow.SourceRef, out var source))
            {
                context.Errors.Add(new BpmnError(flow.Id, flow.Line, flow.SourceRef.Length == 0 ? "连线没有起点 (The sequence flow has no sourceRef.)" : $"连线的起点 '{flow.SourceRef}' 不是本流程中的环节 (The sequence flow's sourceRef '{flow.SourceRef}' is not a flow node of this process.)"));
                ok = false;
            }

            if (!nodes.TryGetValue(flow.TargetRef, out var target))
            {
                context.Errors.Add(new BpmnError(flow.Id, flow.Line, flow.TargetRef.Length == 0 ? "连线没有终点 (The sequence flow has no targetRef.)" : $"连线的终点 '{flow.TargetRef}' 不是本流程中的环节 (The sequence flow's targetRef '{flow.TargetRef}' is not a flow node of this process.)"));
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            flow.Source = source!;
            flow.Target = target!;
            source!.AddOutgoing(flow);
            target!.AddIncoming(flow);
        }

        foreach (var boundary in context.Nodes.OfType<BoundaryEvent>())
        {
            if (nodes.TryGetValue(boundary.AttachedToRef, out var host))
            {
                boundary.AttachedTo = host;
                host.AddBoundary(boundary);
            }
            else
            {
                context.Errors.Add(new BpmnError(boundary.Id, boundary.Line, $"边界事件附着的 '{boundary.AttachedToRef}' 不是本流程中的环节 (The boundary event is attached to '{boundary.AttachedToRef}', which is not a flow node of this process.)"));
            }
        }
    }

    internal static IReadOnlyList<string> SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
}
