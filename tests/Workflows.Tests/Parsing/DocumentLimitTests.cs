using System.Text;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Activities.Builtin;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Model;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Parsing;

/// <summary>
/// The shape limits of a BPMN document (nesting, element and attribute counts, list and map nesting), checked while the
/// XML streams in and reported with the line; the decoding of uploaded bytes in their declared encoding.
/// </summary>
public sealed class DocumentLimitTests
{
    private static readonly JintExpressionEvaluator Expressions = new(TimeProvider.System);

    private static BpmnCompiler Compiler(BpmnReaderOptions? limits = null) =>
        new(new ActivityRegistry([new SetVariablesActivity()]), Expressions, null, Options.Create(limits ?? new BpmnReaderOptions()));

    private static BpmnError SingleError(string xml, BpmnReaderOptions? limits = null)
    {
        var ex = Assert.Throws<BpmnValidationException>(() => Compiler(limits).Compile(xml));
        Assert.That(ex!.Errors, Has.Count.EqualTo(1), string.Join(" | ", ex.Errors));
        return ex.Errors[0];
    }

    /// <summary>A task whose extensionElements hold <paramref name="levels"/> nested elements, on one line.</summary>
    private static string NestedInExtensionElements(int levels)
    {
        var nested = string.Concat(Enumerable.Repeat("<x:n>", levels)) + string.Concat(Enumerable.Repeat("</x:n>", levels));
        return Process("deep", $"""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="work"><bpmn:extensionElements>
            <x:wrapper xmlns:x="urn:x">{nested}</x:wrapper>
            </bpmn:extensionElements></bpmn:userTask>
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "work")}
            {Flow("f2", "work", "end")}
            """);
    }

    [TestCase(64_000)]
    [TestCase(100)]
    public void ADocumentNestedDeeperThanTheLimitIsRefusedNamingTheLine(int levels)
    {
        var xml = NestedInExtensionElements(levels);
        var error = SingleError(xml);
        Assert.Multiple(() =>
        {
            Assert.That(error.Line, Is.EqualTo(LineOf(xml, "<x:wrapper")));
            Assert.That(error.Message, Does.Contain("nest deeper than 64 levels"));
        });
    }

    [Test]
    public void NestingWithinTheLimitIsRead() =>
        Assert.That(Compiler().Compile(NestedInExtensionElements(50)).Id, Is.EqualTo("deep"));

    [Test]
    public void ADocumentWithMoreElementsThanTheLimitIsRefusedNamingTheLine()
    {
        var tasks = string.Join("\n", Enumerable.Range(0, 200).Select(i => UserTask($"t{i}")));
        var xml = SingleTask("many").Replace("<bpmn:endEvent id=\"end\" />", tasks + "\n<bpmn:endEvent id=\"end\" />", StringComparison.Ordinal);
        var error = SingleError(xml, new BpmnReaderOptions { MaxElements = 150 });
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("more than 150 elements"));
            Assert.That(error.Line, Is.EqualTo(LineOf(xml, "id=\"t146\"")), "the 151st element: definitions, process, start, work, then t0…t146");
        });
    }

    [Test]
    public void AnElementWithMoreAttributesThanTheLimitIsRefusedNamingTheLine()
    {
        var attributes = string.Join(" ", Enumerable.Range(0, 100).Select(i => $"a{i}=\"{i}\""));
        var xml = SingleTask("attrs", attributes);
        var error = SingleError(xml);
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("<bpmn:userTask> has 102 attributes; the limit is 64"));
            Assert.That(error.Line, Is.EqualTo(LineOf(xml, "id=\"work\"")));
        });
    }

    private static string WithOutput(string value) => Process("io", $"""
        <bpmn:startEvent id="start" />
        <bpmn:serviceTask id="set" camunda:type="external" camunda:topic="variables.set">
          <bpmn:extensionElements><camunda:inputOutput>
            <camunda:inputParameter name="out">{value}</camunda:inputParameter>
          </camunda:inputOutput></bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:endEvent id="end" />
        {Flow("f1", "start", "set")}
        {Flow("f2", "set", "end")}
        """);

    private static string NestedLists(int levels) =>
        string.Concat(Enumerable.Repeat("<camunda:list><camunda:value>", levels)) + "${unit}" + string.Concat(Enumerable.Repeat("</camunda:value></camunda:list>", levels));

    /// <summary>70,000 nested lists used to overflow the stack while the model was read; now the stream stops early.</summary>
    [Test]
    public void ADeeplyNestedCamundaListIsRefusedAtDeploymentNamingTheLine()
    {
        var file = Path.Combine(Path.GetTempPath(), $"zzut-deep-list-{Guid.NewGuid():N}.bpmn");
        var xml = WithOutput(NestedLists(70_000));
        File.WriteAllText(file, xml);
        try
        {
            var (exitCode, output) = SandboxProbe.Run("compile", file);
            Assert.That(exitCode, Is.Zero, $"the process died: {output}");
            Assert.That(output, Does.Contain($"line {LineOf(xml, "name=\"out\"")}: ").And.Contain("nest deeper than 64 levels"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void ListsAndMapsNestedDeeperThanTheirLimitAreRefusedNamingTheLine()
    {
        var xml = WithOutput(NestedLists(9));
        var error = SingleError(xml);
        Assert.Multiple(() =>
        {
            Assert.That(error.ElementId, Is.EqualTo("set"));
            Assert.That(error.Line, Is.EqualTo(LineOf(xml, "name=\"out\"")));
            Assert.That(error.Message, Does.Contain("lists and maps nest deeper than 8 levels"));
        });
    }

    [Test]
    public void ListsNestedWithinTheirLimitAreRead()
    {
        var model = Compiler().Compile(WithOutput(NestedLists(8)));
        IoValue value = model.GetNode("set").IoMapping.Inputs.Single().Value;
        var depth = 0;
        while (value is IoList list)
        {
            depth++;
            value = list.Items.Single();
        }

        Assert.That((depth, value), Is.EqualTo((8, (IoValue)new IoText("${unit}"))));
    }

    [Test]
    public void AMapWithADuplicateKeyIsRefusedNamingTheLine()
    {
        var xml = WithOutput("""<camunda:map><camunda:entry key="a">1</camunda:entry><camunda:entry key="a">2</camunda:entry></camunda:map>""");
        var error = SingleError(xml);
        Assert.Multiple(() =>
        {
            Assert.That(error.ElementId, Is.EqualTo("set"));
            Assert.That(error.Message, Does.Contain("the key 'a' more than once"));
        });
    }

    [Test]
    public void DtdsAreStillRefusedBeforeTheShapeIsChecked()
    {
        var error = SingleError("""
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" isExecutable="true">&lol2;</bpmn:process></bpmn:definitions>
            """);
        Assert.That(error.Message, Does.Contain("DTDs and entity declarations are not allowed"));
    }

    [Test]
    public void BytesAreDecodedInTheEncodingTheDocumentDeclares()
    {
        var gb18030 = CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!;
        var text = "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n<a name=\"网络安全\" />";
        Assert.Multiple(() =>
        {
            Assert.That(XmlDocumentDecoder.Decode(gb18030.GetBytes(text)), Is.EqualTo(text));
            Assert.That(XmlDocumentDecoder.Decode(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<a>网</a>")).ToArray()), Is.EqualTo("<a>网</a>"));
            Assert.That(XmlDocumentDecoder.Decode(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<a>网</a>")).ToArray()), Is.EqualTo("<a>网</a>"));
            Assert.That(XmlDocumentDecoder.Decode(Encoding.Latin1.GetBytes("<a>é</a>"), "iso-8859-1"), Is.EqualTo("<a>é</a>"));
        });
    }

    [Test]
    public void BytesThatAreNotValidInTheDeclaredEncodingAreRefusedNamingTheLine()
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\n<b name=\"").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"/></a>")).ToArray();
        var ex = Assert.Throws<BpmnValidationException>(() => XmlDocumentDecoder.Decode(bytes));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors.Single().Line, Is.EqualTo(3));
            Assert.That(ex.Errors.Single().Message, Does.Contain("not valid utf-8"));
        });
    }

    [Test]
    public void AnUnknownDeclaredEncodingIsRefused()
    {
        var ex = Assert.Throws<BpmnValidationException>(() => XmlDocumentDecoder.Decode(Encoding.ASCII.GetBytes("<?xml version='1.0' encoding='x-no-such'?><a/>")));
        Assert.That(ex!.Errors.Single().Message, Does.Contain("'x-no-such' is not supported"));
    }
}
