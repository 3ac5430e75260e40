using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Domain;
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

    private Task<Dictionary<string, string[]>> ValidateAsync(string json) =>
        new FormValidator(db, new FakeTimeProvider(Now)).ValidateAsync(Form, JsonNode.Parse(json)!.AsObject());

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
