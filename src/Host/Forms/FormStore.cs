using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// The form-js (Camunda Forms) schemas under <c>definitions/forms/*.form</c>, by their <c>id</c> — the name
/// <c>camunda:formRef</c> uses. Read once at start; a file that is not a form stops the start.
/// </summary>
public sealed class FormStore
{
    private readonly FrozenDictionary<string, JsonObject> forms;

    /// <summary>Loads every <c>*.form</c> file of the folder (none when it does not exist).</summary>
    public FormStore(string folder)
    {
        var loaded = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.form").Order(StringComparer.Ordinal))
            {
                var form = JsonNode.Parse(File.ReadAllText(file)) as JsonObject
                    ?? throw new InvalidDataException($"{file} is not a JSON object.");
                var id = form["id"]?.GetValue<string>() ?? throw new InvalidDataException($"{file} has no form id.");
                if (form["components"] is not JsonArray)
                {
                    throw new InvalidDataException($"{file} ({id}) has no components.");
                }

                if (!loaded.TryAdd(id, form))
                {
                    throw new InvalidDataException($"Two forms have the id '{id}' ({file}).");
                }
            }
        }

        forms = loaded.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every form id.</summary>
    public IReadOnlyCollection<string> Ids => forms.Keys;

    /// <summary>A form by id, or null (a copy: callers may not change the store).</summary>
    public JsonObject? Find(string id) => forms.TryGetValue(id, out var form) ? (JsonObject)form.DeepClone() : null;
}
