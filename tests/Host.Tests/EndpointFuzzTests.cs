using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// Walks every operation of the OpenAPI document (<c>/openapi/v1.json</c>) with malformed and boundary values — wrong
/// JSON types, huge and negative numbers, far dates, unpaired surrogates, duplicate keys, deep nesting, bad GUIDs,
/// broken bodies — as a unit user and as an administrator, and fails on any 5xx (or a request the server drops).
/// Deterministic: one seed, one sequence.
/// </summary>
public sealed class EndpointFuzzTests
{
    private const int Seed = 20_261_201;
    private const int RequestsPerOperation = 16;

    /// <summary>Operations that end the caller's own session (sign-out, a password change) are left out: they would only turn the rest into 401s.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "POST /api/auth/logout", "POST /api/auth/password" };

    private static readonly string[] Strings =
    [
        string.Empty, "x", "jsj", "admin", "approve", "2026-03-02", "2026-03-02T09:00:00+08:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "2026-13-45", "not a date", "../../etc/passwd", "<script>alert(1)</script>", "=HYPERLINK(\"http://evil.example\")", "' OR 1=1 --",
        "\u0000", "名称", new string('a', 5000), "00000000-0000-0000-0000-000000000000", "not-a-guid", "-1", "1e400", "NaN",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "3.5", "2147483647", "2147483648", "-2147483649", "9007199254740993", "1e30", "-1e30", "1e308", "-1e308", "1e400", "-1e400", "1e-400", "0.000001",
    ];

    private static readonly string[] Keys =
    [
        "variables", "definitionKey", "businessKey", "version", "revision", "unitCode", "name", "status", "code", "kind", "months", "reclaimNote", "emails",
        "userName", "password", "roles", "enabled", "realName", "id", "components", "type", "approvedLevel", "notice", "incidentId", "title", "budget",
        "proposedLevel", "occurredAt", "deadline", "lastEvaluationDate", "domain", "link", "decision", "newPassword", "components",
    ];

    [Test]
    public async Task EveryEndpointOfTheOpenApiDocumentAnswersMalformedAndBoundaryValuesWithoutA5xx()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");
        var ids = await SeedAsync(admin, unit);
        var document = await (await admin.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var operations = Operations(document).ToList();
        Assert.That(operations, Has.Count.GreaterThan(60), "the document lists every endpoint");

        var random = new Random(Seed);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var sent = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var slowest = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

        // The unit user first: the administrator's pass may change accounts.
        foreach (var (caller, client) in new[] { ("unit", unit), ("admin", admin) })
        {
            foreach (var operation in operations)
            {
                var started = watch.Elapsed;
                for (var i = 0; i < RequestsPerOperation; i++)
                {
                    using var request = Build(operation, document, ids, random, i);
                    var described = $"{caller} {request.Method} {request.RequestUri}";
                    var body = request.Content is null ? null : await request.Content.ReadAsStringAsync();
                    sent++;
                    try
                    {
                        using var response = await client.SendAsync(request);
                        var status = (int)response.StatusCode;
                        statuses[status] = statuses.GetValueOrDefault(status) + 1;
                        if (status >= 500)
                        {
                            failures.Add($"{described} {Snippet(body)} → {status} {Snippet(await response.Content.ReadAsStringAsync())}");
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException)
                    {
                        failures.Add($"{described} {Snippet(body)} → {ex.GetType().Name}: {ex.Message}");
                    }
                }

                var key = $"{operation.Method} {operation.Path}";
                slowest[key] = slowest.GetValueOrDefault(key) + (watch.Elapsed - started);
            }
        }

        await TestContext.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Endpoint fuzz (seed {Seed}): {sent} requests to {operations.Count} operations as unit user and administrator in {watch.Elapsed.TotalSeconds:F1} s; statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; {failures.Count} answered 5xx."));
        await TestContext.Out.WriteLineAsync("Slowest operations: " + string.Join("; ", slowest.OrderByDescending(o => o.Value).Take(6).Select(o => $"{o.Key} {o.Value.TotalSeconds:F1} s")));
        Assert.That((await admin.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the host still serves");
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures.Take(40)));
    }

    private sealed record Operation(string Method, string Path, JsonObject Definition);

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, definition) in item!.AsObject())
            {
                if (definition is JsonObject operation && !Skipped.Contains($"{method.ToUpperInvariant()} {path}"))
                {
                    yield return new Operation(method.ToUpperInvariant(), path, operation);
                }
            }
        }
    }

    /// <summary>Real ids to reach deeper than a 404: an instance, its task, a system row.</summary>
    private static async Task<List<string>> SeedAsync(HttpClient admin, HttpClient unit)
    {
        var instance = await (await unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "incident-report",
            variables = new
            {
                unitCode = "jsj", title = "主页被篡改", occurredAt = "2026-03-02T08:40:00+08:00", discoveredAt = "2026-03-02T08:45:00+08:00", category = "network-attack", description = "x",
            },
        })).ReadJsonAsync();
        var instanceId = instance["id"]!.GetValue<string>();
        var tasks = (await (await unit.GetAsync($"/api/tasks?instanceId={instanceId}")).ReadJsonAsync()).AsArray().Select(t => t!["id"]!.GetValue<string>());
        var system = await (await admin.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = "一卡通", proposedLevel = 3 })).ReadJsonAsync();

        // An existing account (the unit user's): the users API's actions — reset, disable, change — are fuzzed on a real account too.
        var account = (await (await admin.GetAsync("/api/users?q=jsj-anquan")).ReadJsonAsync()).AsArray().Single()!["id"]!.GetValue<string>();
        return [instanceId, instance["variables"]!["incidentId"]!.GetValue<string>(), system["id"]!.GetValue<string>(), account, .. tasks];
    }

    private static HttpRequestMessage Build(Operation operation, JsonNode document, List<string> ids, Random random, int round)
    {
        var parameters = (operation.Definition["parameters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var path = operation.Path;
        foreach (var parameter in parameters.Where(p => p["in"]?.ToString() == "path"))
        {
            var name = parameter["name"]!.ToString();
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(PathValue(name, Schema(parameter["schema"], document), ids, random)), StringComparison.Ordinal);
        }

        var query = new List<string>();
        foreach (var parameter in parameters.Where(p => p["in"]?.ToString() == "query"))
        {
            if (random.Next(3) > 0)
            {
                query.Add($"{Uri.EscapeDataString(parameter["name"]!.ToString())}={Uri.EscapeDataString(QueryValue(Schema(parameter["schema"], document), random))}");
            }
        }

        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        if (operation.Definition["requestBody"]?["content"] is JsonObject content)
        {
            var json = content["application/json"]?["schema"];
            request.Content = json is not null || content.Count == 0
                ? Body(Schema(json, document), document, random, round)
                : XmlBody(random, round);
        }

        return request;
    }

    private static JsonObject? Schema(JsonNode? schema, JsonNode document)
    {
        for (var depth = 0; schema is JsonObject o && o["$ref"] is JsonValue reference && depth < 10; depth++)
        {
            schema = document["components"]?["schemas"]?[reference.ToString().Split('/')[^1]];
        }

        return schema as JsonObject;
    }

    private static string TypeOf(JsonObject? schema) => schema?["type"] switch
    {
        JsonArray types => types.Select(t => t!.ToString()).FirstOrDefault(t => t != "null") ?? "null",
        JsonValue type => type.ToString(),
        _ => schema?["properties"] is not null ? "object" : "any",
    };

    private static string PathValue(string name, JsonObject? schema, List<string> ids, Random random)
    {
        if (schema?["format"]?.ToString() == "uuid" || name.EndsWith("id", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Id", StringComparison.Ordinal))
        {
            return random.Next(5) switch
            {
                0 => RandomGuid(random).ToString(),
                1 => Pick(random, ["not-a-guid", "00000000-0000-0000-0000-000000000000", "{" + Guid.Empty + "}", new string('f', 300)]),
                _ => Pick(random, ids),
            };
        }

        return TypeOf(schema) is "integer" or "number"
            ? Pick(random, Numbers.Concat(["abc"]).ToArray())
            : Pick(random, Strings.Where(s => s.Length is > 0 and < 1000 && s != "\u0000").Concat(["incident-report", "evaluation-scan", "2026-05-01", "9999-12-31", "0000-01-01"]).ToArray());
    }

    private static string QueryValue(JsonObject? schema, Random random) => TypeOf(schema) switch
    {
        "integer" or "number" => Pick(random, Numbers.Concat(["abc", string.Empty]).ToArray()),
        "boolean" => Pick(random, ["true", "false", "yes", "2"]),
        _ when schema?["format"]?.ToString() == "date-time" => Pick(random, ["9999-12-31T00:00:00Z", "0001-01-01T00:00:00Z", "2026-03-02T09:00:00+08:00", "not-a-date", "10000-01-01"]),
        _ when schema?["format"]?.ToString() == "uuid" => Pick(random, ["not-a-guid", RandomGuid(random).ToString()]),
        _ => Pick(random, Strings.Where(s => s.Length < 1000).ToArray()),
    };

    /// <summary>A JSON body: valid-looking, wrong types, duplicate keys, a lone surrogate, deep nesting, or not JSON at all.</summary>
    private static HttpContent Body(JsonObject? schema, JsonNode document, Random random, int round)
    {
        var properties = (schema?["properties"] as JsonObject)?.Select(p => (p.Key, Schema(p.Value, document))).ToList() ?? [];
        var names = properties.Count > 0 ? properties.Select(p => p.Key).ToArray() : Keys;
        string text = (round % 8) switch
        {
            0 => Object(properties.Count > 0 ? properties : names.Select(n => (n, (JsonObject?)null)).ToList(), document, random, typed: true, depth: 0),
            1 or 2 => Object(names.Select(n => (n, (JsonObject?)null)).ToList(), document, random, typed: false, depth: 0),
            3 => $"{{\"{Pick(random, names)}\":{Value(null, document, random, false, 1)},\"{names[0]}\":1,\"{names[0]}\":\"twice\"}}",
            4 => $"{{\"{Pick(random, names)}\":\"\\ud800\",\"variables\":{{\"title\":\"a\\udc00b\"}}}}",
            5 => new string('[', 80) + new string(']', 80),
            6 => Pick(random, ["[]", "\"x\"", "1", "null", "true", "{", "{\"a\":", "{'a':1}", "{\"a\":1,}", "\uFEFF{}", "{\"a\":NaN}"]),
            _ => Object(names.Select(n => (n, (JsonObject?)null)).ToList(), document, random, typed: false, depth: 0),
        };
        if (round % 16 == 15)
        {
            var invalidUtf8 = new ByteArrayContent([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]);
            invalidUtf8.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return invalidUtf8;
        }

        return new StringContent(round % 24 == 23 ? string.Empty : text, Encoding.UTF8, "application/json");
    }

    private static string Object(List<(string Name, JsonObject? Schema)> properties, JsonNode document, Random random, bool typed, int depth)
    {
        var chosen = properties.Where(_ => random.Next(4) > 0).ToList();
        return "{" + string.Join(',', chosen.Select(p => $"{JsonSerializer.Serialize(p.Name)}:{Value(p.Schema, document, random, typed, depth + 1)}")) + "}";
    }

    private static string Value(JsonObject? schema, JsonNode document, Random random, bool typed, int depth)
    {
        var type = typed ? TypeOf(schema) : Pick(random, ["string", "number", "integer", "boolean", "array", "object", "null", "any"]);
        return type switch
        {
            "string" => schema?["format"]?.ToString() == "uuid" ? JsonSerializer.Serialize(RandomGuid(random)) : JsonString(Pick(random, Strings)),
            "integer" or "number" => Pick(random, Numbers),
            "boolean" => random.Next(2) == 0 ? "true" : "false",
            "null" => "null",
            "array" => "[" + string.Join(',', Enumerable.Range(0, random.Next(3)).Select(_ => depth < 3 ? Value(schema?["items"] as JsonObject, document, random, typed, depth + 1) : "1")) + "]",
            "object" or "any" when depth < 3 => Object(
                schema?["properties"] is JsonObject nested
                    ? nested.Select(p => (p.Key, Schema(p.Value, document))).ToList()
                    : Keys.Take(random.Next(1, 8)).Select(k => (k, (JsonObject?)null)).ToList(),
                document, random, typed && schema?["properties"] is not null, depth),
            _ => JsonString(Pick(random, Strings)),
        };
    }

    private static string JsonString(string value) => value == "\u0000" ? "\"\\u0000\"" : JsonSerializer.Serialize(value);

    private static HttpContent XmlBody(Random random, int round)
    {
        var bodies = new[]
        {
            "<x/>", string.Empty, "<", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><bpmn:process id=\"p\" isExecutable=\"true\"/></bpmn:definitions>",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><x/>", "not xml at all", "<a>" + new string('b', 10_000) + "</a>",
        };
        var content = new StringContent(bodies[(round + random.Next(bodies.Length)) % bodies.Length], Encoding.UTF8, "application/xml");
        return content;
    }

    private static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static string Snippet(string? text) => text is null ? string.Empty : text.Length <= 300 ? text : text[..300] + "…";
}
