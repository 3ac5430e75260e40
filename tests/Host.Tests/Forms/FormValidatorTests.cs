using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Host.Forms;

namespace Zzut.Workflows.Host.Tests.Forms;

/// <summary>The server's reading of a form-js schema.</summary>
public sealed class FormValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly JsonObject Form = JsonNode.Parse("""
        {
          "id": "test", "type": "default",
          "components": [
            { "type": "text", "text": "说明" },
            { "type": "textfield", "key": "name", "validate": { "required": true, "minLength": 2, "maxLength": 5 } },
            { "type": "number", "key": "level", "validate": { "required": true, "min": 1, "max": 5 } },
            { "type": "select", "key": "kind", "values": [ { "label": "甲", "value": "a" }, { "label": "乙", "value": "b" } ] },
            { "type": "checklist", "key": "services", "values": [ { "label": "HTTP", "value": "HTTP" }, { "label": "FTP", "value": "FTP" } ] },
            { "type": "checkbox", "key": "agreed", "validate": { "required": true } },
            { "type": "group", "components": [
              { "type": "textfield", "key": "code", "validate": { "pattern": "[a-z]{3}" } },
              { "type": "textfield", "key": "mail", "validate": { "validationType": "email" } },
              { "type": "textfield", "key": "unitCode", "properties": { "ref": "unit" } }
            ] },
            { "type": "datetime", "subtype": "datetime", "key": "from", "properties": { "notAfter": "now" } },
            { "type": "datetime", "subtype": "datetime", "key": "to", "properties": { "notBefore": "from" } },
            { "type": "datetime", "subtype": "date", "key": "day" }
          ]
        }
        """)!.AsObject();

    private SqliteConnection connection = null!;
    private LedgerDbContext db = null!;

    [SetUp]
    public async Task SetUp()
    {
        connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        db = new LedgerDbContext(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite(connection).Options);
        await db.Database.MigrateAsync();
        db.Units.Add(new UnitRecord { Code = "jsj", Name = "计算机与人工智能学院" });
        await db.SaveChangesAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await db.DisposeAsync();
        await connection.DisposeAsync();
    }

    private Task<Dictionary<string, string[]>> ValidateAsync(string json) => ValidateAsync(Form, json);

    private Task<Dictionary<string, string[]>> ValidateAsync(JsonObject form, string json) =>
        new FormValidator(db, new FakeTimeProvider(Now), Options.Create(new SubmissionOptions { MaxTextLength = 100, MaxListItems = 3 }), new SubmissionRules(db, new Domain.Hosting.HostingLedger(db)), new LedgerReferences(db), new WorkingCalendar(null!, Options.Create(new LedgerOptions()))).ValidateAsync(form, JsonNode.Parse(json)!.AsObject(), submitter: null);

    private static JsonObject FormOf(string components) => JsonNode.Parse($$"""{ "id": "t", "type": "default", "components": {{components}} }""")!.AsObject();
    private static readonly JsonObject DutyForm = JsonNode.Parse("""
        {
          "id": "duty", "type": "default",
          "components": [
            { "type": "textfield", "key": "unitCodes", "properties": { "ref": "units" } },
            { "type": "radio", "key": "decision", "values": [ { "label": "同意", "value": "approve" }, { "label": "退回", "value": "return" } ] },
            { "type": "textarea", "key": "opinion", "properties": { "requiredWhen": "decision=return" } },
            { "type": "datetime", "subtype": "date", "key": "signedOn", "properties": { "notAfter": "now" } },
            { "type": "datetime", "subtype": "date", "key": "validUntil", "properties": { "notBefore": "signedOn" } }
          ]
        }
        """)!.AsObject();

    [Test]
    public async Task UnitListsConditionalRequirementsAndDatesAreCheckedNamingTheirFields()
    {
        Assert.That(await ValidateAsync(DutyForm, """{ "unitCodes": "jsj", "decision": "approve", "signedOn": "2026-03-02", "validUntil": "2026-12-31" }"""), Is.Empty);
        var errors = await ValidateAsync(DutyForm, """{ "unitCodes": "jsj, nosuch", "decision": "return", "signedOn": "2026-03-03", "validUntil": "2026-03-01" }""");
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "unitCodes", "opinion", "signedOn", "validUntil" }));
        Assert.That(errors["unitCodes"].Single(), Does.Contain("'nosuch'"));
        Assert.That(errors["opinion"].Single(), Does.Contain("decision=return"));
        Assert.That(errors["signedOn"].Single(), Does.Contain("future"), "the 3rd is tomorrow in Beijing");
        Assert.That(errors["validUntil"].Single(), Does.Contain("before signedOn"));
    }

    [Test]
    public async Task AValidSubmissionHasNoErrors() => Assert.That(await ValidateAsync("""
        { "name": "张三", "level": 3, "kind": "a", "services": ["HTTP"], "agreed": true, "code": "abc", "mail": "a@b.cn", "unitCode": "jsj",
          "from": "2026-03-02T08:00:00+08:00", "to": "2026-03-02T08:30:00+08:00", "day": "2026-03-02" }
        """), Is.Empty);

    [Test]
    public async Task AFieldNotOnTheFormIsRefusedByName()
    {
        var errors = await ValidateAsync("""{ "name": "张三", "level": 3, "agreed": true, "approvedLevel": 1, "notice": { "deadline": "2099-12-31" } }""");
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "approvedLevel", "notice" }));
        Assert.That(errors["notice"].Single(), Is.EqualTo(FormValidator.NotOnTheForm));
    }

    [Test]
    public async Task OnlyChecklistsAndTaglistsTakeLists()
    {
        var errors = await ValidateAsync("""{ "name": ["张三", "李四"], "level": [3], "agreed": true, "kind": ["a"], "unitCode": ["jsj,someone@outside.example"], "services": ["HTTP", "HTTP"] }""");
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "name", "level", "kind", "unitCode", "services" }));
        Assert.That(errors["unitCode"].Single(), Does.Contain("not a list"));
        Assert.That(errors["services"].Single(), Does.Contain("distinct"));
    }

    [TestCase("3.5", "whole number")]
    [TestCase("1e300", "in size")]
    [TestCase("-1e300", "in size")]
    [TestCase("\"3\"", "must be a number")]
    [TestCase("{}", "must not be an object")]
    public async Task ANumberFieldTakesAFiniteNumberInItsBounds(string value, string message)
    {
        var form = FormOf("""[ { "type": "number", "key": "level", "decimalDigits": 0 }, { "type": "number", "key": "budget", "decimalDigits": 2, "validate": { "min": 0 } } ]""");
        Assert.That((await ValidateAsync(form, $$"""{ "level": {{value}} }"""))["level"].Single(), Does.Contain(message));
        Assert.That(await ValidateAsync(form, """{ "level": 3, "budget": 1234.56 }"""), Is.Empty);
        Assert.That((await ValidateAsync(form, """{ "budget": 1.005 }"""))["budget"].Single(), Does.Contain("2 decimal places"));
    }

    [Test]
    public async Task AChoiceKeepsItsJsonType()
    {
        var form = FormOf("""[ { "type": "select", "key": "level", "values": [ { "label": "Ⅲ级", "value": "3" } ] } ]""");
        Assert.That(await ValidateAsync(form, """{ "level": "3" }"""), Is.Empty);
        Assert.That((await ValidateAsync(form, """{ "level": 3 }"""))["level"].Single(), Does.Contain("must be one of"));
    }

    [Test]
    public async Task GroupsWithAPathAndDynamicListsHoldExactlyTheirFields()
    {
        var form = FormOf("""
            [ { "type": "group", "path": "contact", "components": [ { "type": "textfield", "key": "phone", "validate": { "required": true } } ] },
              { "type": "dynamiclist", "path": "servers", "isRepeating": true, "components": [
                  { "type": "textfield", "key": "name", "validate": { "required": true } }, { "type": "number", "key": "cpu" } ] } ]
            """);
        Assert.That(await ValidateAsync(form, """{ "contact": { "phone": "0371-1234567" }, "servers": [ { "name": "a", "cpu": 2 }, { "name": "b" } ] }"""), Is.Empty);
        var errors = await ValidateAsync(form, """{ "contact": { "phone": "1", "fax": "2" }, "servers": [ { "name": "a", "cpu": "two" }, { "cpu": 1, "extra": true } ], "phone": "x" }""");
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "contact.fax", "servers[0].cpu", "servers[1].name", "servers[1].extra", "phone" }));
        Assert.That((await ValidateAsync(form, """{ "contact": "x", "servers": [1, 2] }""")).Keys, Is.EquivalentTo(new[] { "contact", "servers" }));
        Assert.That((await ValidateAsync(form, """{ "contact": { "phone": "1" }, "servers": [ {"name":"a"}, {"name":"b"}, {"name":"c"}, {"name":"d"} ] }"""))["servers"].Single(), Does.Contain("at most 3"));
    }

    [Test]
    public async Task ADisabledFieldIsNotSubmittedAndALongTextIsCapped()
    {
        var form = FormOf("""[ { "type": "textfield", "key": "shown", "disabled": true }, { "type": "textarea", "key": "note" } ]""");
        Assert.That((await ValidateAsync(form, """{ "shown": "x" }"""))["shown"].Single(), Is.EqualTo(FormValidator.NotOnTheForm));
        Assert.That((await ValidateAsync(form, $$"""{ "note": "{{new string('字', 101)}}" }"""))["note"].Single(), Does.Contain("at most 100"));
    }

    [TestCase("""{ "type": "expression", "key": "total", "expression": "=a+b" }""")]
    [TestCase("""{ "type": "filepicker", "key": "report" }""")]
    [TestCase("""{ "type": "group", "path": "a.b", "components": [] }""")]
    [TestCase("""{ "type": "textfield", "key": "notice.deadline" }""")]
    public void AComponentTheServerCannotCheckMakesTheFormUnusable(string component) =>
        Assert.That(() => FormSchema.Read(FormOf($"[{component}]")), Throws.TypeOf<FormInvalidException>());

    [Test]
    public async Task EveryRuleNamesItsField()
    {
        var errors = await ValidateAsync("""
            { "name": "张", "level": 9, "kind": "c", "services": ["SSH"], "agreed": false, "code": "abcd", "mail": "nobody", "unitCode": "nosuch",
              "from": "2026-03-02T10:00:00+08:00", "to": "2026-03-02T09:00:00+08:00", "day": "2026-02-30" }
            """);
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "name", "level", "kind", "services", "agreed", "code", "mail", "unitCode", "from", "to", "day" }));
        Assert.That(errors["from"].Single(), Does.Contain("future"));
        Assert.That(errors["to"].Single(), Does.Contain("before from"));
    }

    [Test]
    public async Task RequiredFieldsAndWrongTypesAreReported()
    {
        var errors = await ValidateAsync("""{ "name": "  ", "level": "3", "agreed": "yes", "from": "2026-03-02 08:00" }""");
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "name", "level", "agreed", "from" }));
        Assert.That(errors["name"].Single(), Does.Contain("required"));
        Assert.That(errors["level"].Single(), Does.Contain("number"));
        Assert.That(errors["from"].Single(), Does.Contain("offset"));
    }
}
