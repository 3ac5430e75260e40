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

    private Task<Dictionary<string, string[]>> ValidateAsync(string json, JsonObject? form = null) =>
        new FormValidator(db, new FakeTimeProvider(Now), new WorkingCalendar(null!, Options.Create(new LedgerOptions())))
            .ValidateAsync(form ?? Form, JsonNode.Parse(json)!.AsObject());

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
        Assert.That(await ValidateAsync("""{ "unitCodes": "jsj", "decision": "approve", "signedOn": "2026-03-02", "validUntil": "2026-12-31" }""", DutyForm), Is.Empty);
        var errors = await ValidateAsync("""{ "unitCodes": "jsj, nosuch", "decision": "return", "signedOn": "2026-03-03", "validUntil": "2026-03-01" }""", DutyForm);
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "unitCodes", "opinion", "signedOn", "validUntil" }));
        Assert.That(errors["unitCodes"].Single(), Does.Contain("'nosuch'"));
        Assert.That(errors["opinion"].Single(), Does.Contain("decision=return"));
        Assert.That(errors["signedOn"].Single(), Does.Contain("future"), "the 3rd is tomorrow in Beijing");
        Assert.That(errors["validUntil"].Single(), Does.Contain("before signedOn"));
    }

    [Test]
    public async Task AValidSubmissionHasNoErrors() => Assert.That(await ValidateAsync("""
        { "name": "张三", "level": 3, "kind": "a", "services": ["HTTP"], "agreed": true, "code": "abc", "mail": "a@b.cn", "unitCode": "jsj",
          "from": "2026-03-02T08:00:00+08:00", "to": "2026-03-02T08:30:00+08:00", "day": "2026-03-02", "extra": 1 }
        """), Is.Empty);

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
