namespace Zzut.Workflows.Host.Tests.Support;

/// <summary>BPMN documents the API tests deploy.</summary>
public static class Fixtures
{
    private const string Namespaces =
        "xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    /// <summary>
    /// The start form of <see cref="Review"/> and <see cref="Caller"/>, deployed by <see cref="WorkflowApplication"/> when
    /// the host starts: a required <c>unitCode</c> (an existing unit) and an optional <c>period</c>. The fixtures own
    /// it so that a shipped procedure's form can change without changing what these engine tests submit.
    /// </summary>
    public const string ReviewStartForm = "test-review-start";

    /// <summary>The schema of <see cref="ReviewStartForm"/>.</summary>
    public static string ReviewStartFormJson() => $$"""
        {
          "type": "default", "id": "{{ReviewStartForm}}", "schemaVersion": 16,
          "components": [
            { "id": "Field_unitCode", "type": "textfield", "key": "unitCode", "label": "单位代码 (unit code)",
              "validate": { "maxLength": 32, "required": true }, "properties": { "ref": "unit" } },
            { "id": "Field_period", "type": "textfield", "key": "period", "label": "周期", "validate": { "maxLength": 20 } }
          ]
        }
        """;

    /// <summary>
    /// start (form <see cref="ReviewStartForm"/>: unitCode, period) → review (unit:{unitCode}, due in 1 h, with a 1 h boundary
    /// escalation; form unit-self-inspection-review) → gateway on approved → end / rework.
    /// </summary>
    public static string Review(string key = "api-review", string name = "审核", bool notify = true) => $$"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions {{Namespaces}} id="Defs" targetNamespace="http://zzut.edu.cn/tests">
          <bpmn:message id="Msg_Withdraw" name="withdraw" />
          <bpmn:process id="{{key}}" name="{{name}}" isExecutable="true">
            <bpmn:startEvent id="start" camunda:formRef="{{ReviewStartForm}}" />
            <bpmn:userTask id="review" name="审核申请" camunda:candidateGroups="${'unit:' + unitCode}" camunda:dueDate="PT1H" camunda:formRef="unit-self-inspection-review">
              {{(notify ? "" : "<bpmn:extensionElements><camunda:properties><camunda:property name=\"notify\" value=\"false\" /></camunda:properties></bpmn:extensionElements>")}}
            </bpmn:userTask>
            <bpmn:boundaryEvent id="late" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="withdrawn" attachedToRef="review"><bpmn:messageEventDefinition messageRef="Msg_Withdraw" /></bpmn:boundaryEvent>
            <bpmn:userTask id="escalated" name="领导小组督办" camunda:candidateGroups="role:leading-group" />
            <bpmn:exclusiveGateway id="decision" default="rework" />
            <bpmn:endEvent id="done" /><bpmn:endEvent id="escalatedEnd" /><bpmn:endEvent id="withdrawnEnd" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="review" />
            <bpmn:sequenceFlow id="f1" sourceRef="review" targetRef="decision" />
            <bpmn:sequenceFlow id="approve" sourceRef="decision" targetRef="done"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${approved === true}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="rework" sourceRef="decision" targetRef="review" />
            <bpmn:sequenceFlow id="f2" sourceRef="late" targetRef="escalated" />
            <bpmn:sequenceFlow id="f3" sourceRef="escalated" targetRef="escalatedEnd" />
            <bpmn:sequenceFlow id="f4" sourceRef="withdrawn" targetRef="withdrawnEnd" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A gateway whose condition reads a variable that may be missing: an incident until it is set.</summary>
    public static string Fragile() => $$"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions {{Namespaces}} id="Defs" targetNamespace="http://zzut.edu.cn/tests">
          <bpmn:process id="fragile" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="low" />
            <bpmn:userTask id="highTask" /><bpmn:userTask id="lowTask" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
            <bpmn:sequenceFlow id="high" sourceRef="gw" targetRef="highTask"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${system.level >= 3}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="low" sourceRef="gw" targetRef="lowTask" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A document with two problems: an unknown target and a scriptTask.</summary>
    /// <summary>start → call activity "call" (calling <paramref name="calledKey"/>, passing <c>unit</c>) → end.</summary>
    public static string Caller(string calledKey) => $$"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions {{Namespaces}} id="Defs" targetNamespace="http://zzut.edu.cn/tests">
          <bpmn:process id="api-caller" name="调用者" isExecutable="true">
            <bpmn:startEvent id="start" camunda:formRef="{{ReviewStartForm}}" />
            <bpmn:callActivity id="call" name="调用审核" calledElement="{{calledKey}}">
              <bpmn:extensionElements><camunda:in source="unitCode" target="unitCode" /></bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="call" />
            <bpmn:sequenceFlow id="f1" sourceRef="call" targetRef="end" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="Diagram" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI">
            <bpmndi:BPMNPlane id="Plane" bpmnElement="api-caller">
              <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="call_di" bpmnElement="call"><dc:Bounds x="190" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="350" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="f0_di" bpmnElement="f0"><di:waypoint x="136" y="118" /><di:waypoint x="190" y="118" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="290" y="118" /><di:waypoint x="350" y="118" /></bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    public static string Invalid() => $$"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions {{Namespaces}} id="Defs" targetNamespace="http://zzut.edu.cn/tests">
          <bpmn:process id="broken" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:scriptTask id="script" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="nowhere" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
