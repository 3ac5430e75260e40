using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Zzut.Workflows.Host.Forms;

/// <summary>A part of what a form submits: an input, or a group of inputs under a path (once, or repeated as a list).</summary>
/// <param name="Key">The key (inputs) or path (groups) the value is submitted under.</param>
public abstract record FormMember(string Key);

/// <summary>
/// A keyed form-js input (textfield, textarea, number, checkbox, checklist, radio, select, taglist, datetime): one value
/// of the component's type.
/// </summary>
/// <param name="Key">The key.</param>
/// <param name="Type">The form-js component type.</param>
/// <param name="Component">The component's JSON.</param>
public sealed record FormInput(string Key, string Type, JsonObject Component) : FormMember(Key)
{
    /// <summary>What a person reads as the field's name: its label (datetime: its date label), else its key.</summary>
    public string Label => Text(Component["label"]) ?? Text(Component["dateLabel"]) ?? Key;

    /// <summary>Only checklist and taglist take a list of values.</summary>
    public bool IsMultiValued => Type is "checklist" or "taglist";

    /// <summary>The static choices of a select, radio, checklist or taglist: value → label.</summary>
    public IReadOnlyList<(JsonNode? Value, string Label)> Choices =>
        [.. (Component["values"] as JsonArray ?? []).OfType<JsonObject>().Select(v => (v["value"], Text(v["label"]) ?? v["value"]?.ToString() ?? string.Empty))];

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim().Length > 0 ? v.GetValue<string>() : null;
}

/// <summary>
/// A form-js <c>group</c> with a <c>path</c> (its inputs are submitted as one object under the path) or a
/// <c>dynamiclist</c> (a list of such objects).
/// </summary>
/// <param name="Key">The path.</param>
/// <param name="Members">What one object holds, by key.</param>
/// <param name="Repeating">True for a dynamic list.</param>
public sealed record FormGroup(string Key, IReadOnlyDictionary<string, FormMember> Members, bool Repeating) : FormMember(Key);

/// <summary>
/// A form-js (Camunda Forms 1.x) schema as the server reads it: exactly the data a submission of the form may carry.
/// Keyed inputs are members; a group without a path adds its inputs to the level it is on, a group with a path and a
/// dynamic list nest theirs; presentation components (text, html, image, table, spacer, separator, iframe, button,
/// documentPreview) carry no data. A disabled input is not submitted by form-js, so it is no member either. Components
/// whose value the server cannot check (expression, filepicker, unknown types) make the form unusable.
/// </summary>
public sealed partial class FormSchema
{
    /// <summary>The input types the server validates.</summary>
    public static readonly IReadOnlyList<string> InputTypes = ["textfield", "textarea", "number", "checkbox", "checklist", "radio", "select", "taglist", "datetime"];

    /// <summary>Components that show something and submit nothing.</summary>
    public static readonly IReadOnlyList<string> PresentationTypes = ["text", "html", "image", "table", "spacer", "separator", "iframe", "button", "documentPreview"];

    private FormSchema(IReadOnlyDictionary<string, FormMember> members, IReadOnlySet<string> displayOnly)
    {
        Members = members;
        DisplayOnly = displayOnly;
    }

    /// <summary>The top-level members by key: the process variables a submission may write.</summary>
    public IReadOnlyDictionary<string, FormMember> Members { get; }

    /// <summary>Keys of disabled top-level inputs: shown (a definition may fill them), never submitted.</summary>
    public IReadOnlySet<string> DisplayOnly { get; }

    /// <summary>Reads a form; throws <see cref="FormInvalidException"/> listing every problem when the server could not validate against it.</summary>
    public static FormSchema Read(JsonObject form)
    {
        var problems = new List<string>();
        var displayOnly = new HashSet<string>(StringComparer.Ordinal);
        var members = new Dictionary<string, FormMember>(StringComparer.Ordinal);
        Collect(form["components"] as JsonArray, members, problems, "components", displayOnly);
        if (form["components"] is not JsonArray)
        {
            problems.Add("表单没有组件列表 (components: the form has no components array).");
        }

        return problems.Count > 0 ? throw new FormInvalidException(form["id"]?.ToString() ?? "(no id)", problems) : new FormSchema(members, displayOnly);
    }

    /// <summary>Every input at any depth, with its path (e.g. <c>servers[].name</c>).</summary>
    public IEnumerable<(string Path, FormInput Input)> Inputs() => Walk(Members, string.Empty);

    private static IEnumerable<(string Path, FormInput Input)> Walk(IReadOnlyDictionary<string, FormMember> members, string prefix)
    {
        foreach (var member in members.Values)
        {
            switch (member)
            {
                case FormInput input:
                    yield return (prefix + input.Key, input);
                    break;
                case FormGroup group:
                    foreach (var inner in Walk(group.Members, prefix + group.Key + (group.Repeating ? "[]." : ".")))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    private static Dictionary<string, FormMember> ReadScope(JsonArray? components, List<string> problems, string where)
    {
        var members = new Dictionary<string, FormMember>(StringComparer.Ordinal);
        Collect(components, members, problems, where);
        return members;
    }

    private static void Collect(JsonArray? components, Dictionary<string, FormMember> members, List<string> problems, string where, HashSet<string>? displayOnly = null)
    {
        foreach (var node in components ?? [])
        {
            if (node is not JsonObject component)
            {
                problems.Add($"{where} 中的每个组件都须是对象 ({where}: every component must be an object).");
                continue;
            }

            var type = StringOf(component["type"]) ?? string.Empty;
            var key = StringOf(component["key"]);
            var path = StringOf(component["path"]);
            var name = key ?? path ?? StringOf(component["id"]) ?? type;
            switch (type)
            {
                case "group" when string.IsNullOrEmpty(path):
                    Collect(component["components"] as JsonArray, members, problems, $"group '{name}'", displayOnly);
                    break;
                case "group" or "dynamiclist":
                    if (string.IsNullOrEmpty(path) || !Identifier().IsMatch(path))
                    {
                        problems.Add($"组件 '{name}' 须有 path，且为变量名：字母、数字或 '_' (component '{name}': a {type} needs a path that is a variable name).");
                        break;
                    }

                    Add(members, new FormGroup(path, ReadScope(component["components"] as JsonArray, problems, $"{type} '{path}'"), type == "dynamiclist"), problems);
                    break;
                case var input when InputTypes.Contains(input):
                    if (key is null || !Identifier().IsMatch(key))
                    {
                        problems.Add($"组件 key '{key}' 须为变量名：字母、数字或 '_' (component key '{key}': must be a variable name).");
                    }
                    else if (component["disabled"] is not JsonValue disabled || disabled.GetValueKind() != JsonValueKind.True)
                    {
                        Add(members, new FormInput(key, type, component), problems);
                    }
                    else
                    {
                        displayOnly?.Add(key);
                    }

                    if (type is "select" or "radio" or "checklist" or "taglist" && component["values"] is not JsonArray { Count: > 0 })
                    {
                        problems.Add($"组件 '{name}' 须列出可选值，动态选项无法校验 (component '{name}': list its values; dynamic valuesKey/valuesExpression cannot be validated).");
                    }

                    if (component["validate"]?["pattern"] is JsonValue pattern && !IsRegex(pattern.ToString()))
                    {
                        problems.Add($"组件 '{name}' 的校验格式不是正则表达式 (component '{name}': validate.pattern is not a regular expression).");
                    }

                    if (component["properties"]?["rule"] is JsonValue rule && !SubmissionRules.Names.Contains(rule.ToString()))
                    {
                        problems.Add($"组件 '{name}' 的规则 '{rule}' 服务端不认识，可用 {string.Join("、", SubmissionRules.Names)} (component '{name}': properties.rule '{rule}' is not a rule the server knows).");
                    }

                    if (component["properties"]?["format"] is JsonValue format && !FieldFormats.All.ContainsKey(format.ToString()))
                    {
                        problems.Add($"component '{name}': properties.format '{format}' is unknown; use one of {string.Join(", ", FieldFormats.All.Keys)}.");
                    }

                    break;
                case var shown when PresentationTypes.Contains(shown) && key is null:
                    break;
                default:
                    problems.Add($"组件 '{name}' 的类型 '{type}' 服务端无法校验，请使用 {string.Join("、", InputTypes)}、group、dynamiclist 或展示组件 {string.Join("、", PresentationTypes)} (component '{name}': type '{type}' cannot be validated on the server).");
                    break;
            }
        }
    }

    private static void Add(Dictionary<string, FormMember> members, FormMember member, List<string> problems)
    {
        if (!members.TryAdd(member.Key, member))
        {
            problems.Add($"组件 key '{member.Key}' 重复使用 (component key '{member.Key}': used twice).");
        }
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(200));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    private static partial Regex Identifier();
}
