using System.Xml.Linq;
using Zzut.Workflows.Host.Forms;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>The shipped definitions open laid out in a modeler and name only forms that exist.</summary>
public sealed class ShippedDefinitionsTests
{
    private static readonly XNamespace Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static readonly XNamespace Di = "http://www.omg.org/spec/BPMN/20100524/DI";
    private static readonly XNamespace Camunda = "http://camunda.org/schema/1.0/bpmn";
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "definitions");

    private static IEnumerable<string> Definitions() => Directory.EnumerateFiles(Folder, "*.bpmn").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(Definitions))]
    public void EveryElementHasADiagramShapeOrEdge(string file)
    {
        var document = XDocument.Load(Path.Combine(Folder, file));
        var process = document.Root!.Element(Model + "process")!;
        var drawn = document.Descendants().Where(e => e.Name == Di + "BPMNShape" || e.Name == Di + "BPMNEdge")
            .Select(e => e.Attribute("bpmnElement")!.Value).ToHashSet(StringComparer.Ordinal);
        var elements = process.Elements().Where(e => e.Name != Model + "extensionElements" && e.Name != Model + "documentation").Select(e => e.Attribute("id")!.Value).ToList();
        Assert.That(elements, Is.Not.Empty);
        Assert.That(elements.Where(id => !drawn.Contains(id)), Is.Empty, "elements without diagram interchange");
        Assert.That(Path.GetFileNameWithoutExtension(file), Is.EqualTo(process.Attribute("id")!.Value), "the file is named by its key");
    }

    [TestCaseSource(nameof(Definitions))]
    public void EveryFormReferenceNamesAShippedForm(string file)
    {
        var forms = FormStore.ReadFolder(Path.Combine(Folder, "forms")).ToDictionary(f => f.Form["id"]!.GetValue<string>(), f => f.Form);
        var text = File.ReadAllText(Path.Combine(Folder, file));
        var references = XDocument.Parse(text).Descendants().Select(e => e.Attribute(Camunda + "formRef")?.Value).OfType<string>().Distinct().ToList();
        foreach (var reference in references)
        {
            var form = forms.GetValueOrDefault(reference);
            Assert.That(form, Is.Not.Null, $"{file} names the form '{reference}'");
            Assert.That(FormSchema.Read(form!).Members.Keys, Is.Not.Empty);
        }
    }

    [Test]
    public void EveryShippedFormIsUsed()
    {
        var used = Directory.EnumerateFiles(Folder, "*.bpmn").SelectMany(f => XDocument.Load(f).Descendants())
            .Select(e => e.Attribute(Camunda + "formRef")?.Value).OfType<string>().ToHashSet(StringComparer.Ordinal);
        Assert.That(FormStore.ReadFolder(Path.Combine(Folder, "forms")).Select(f => f.Form["id"]!.GetValue<string>()).Where(id => !used.Contains(id)), Is.Empty);
    }
}
