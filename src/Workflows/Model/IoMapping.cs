namespace Zzut.Workflows.Model;

/// <summary>The <c>camunda:inputOutput</c> of an activity.</summary>
/// <param name="Inputs">Input parameters: local variables the activity sees, evaluated on entry.</param>
/// <param name="Outputs">Output parameters: written to the process variables when the activity completes.</param>
public sealed record IoMapping(IReadOnlyList<IoParameter> Inputs, IReadOnlyList<IoParameter> Outputs)
{
    /// <summary>No mappings.</summary>
    public static IoMapping Empty { get; } = new([], []);
}

/// <summary>One input or output parameter.</summary>
/// <param name="Name">The variable name it defines.</param>
/// <param name="Value">Its value.</param>
/// <param name="Line">Source line.</param>
public sealed record IoParameter(string Name, IoValue Value, int Line);

/// <summary>The value of a parameter: text (possibly with <c>${…}</c>), a list or a map.</summary>
public abstract record IoValue;

/// <summary>A text value; <c>${…}</c> parts are evaluated.</summary>
/// <param name="Text">The text.</param>
public sealed record IoText(string Text) : IoValue;

/// <summary>A <c>camunda:list</c>.</summary>
/// <param name="Items">The items.</param>
public sealed record IoList(IReadOnlyList<IoValue> Items) : IoValue;

/// <summary>A <c>camunda:map</c>.</summary>
/// <param name="Entries">The entries by key.</param>
public sealed record IoMap(IReadOnlyList<KeyValuePair<string, IoValue>> Entries) : IoValue;
