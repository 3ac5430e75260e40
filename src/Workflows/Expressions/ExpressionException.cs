namespace Zzut.Workflows.Expressions;

/// <summary>An expression failed at run time: it threw, referenced something undefined, or hit a sandbox limit.</summary>
public class ExpressionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExpressionException(string expression, string message, Exception? inner = null)
        : base(message, inner)
    {
        Expression = expression;
    }

    /// <summary>The expression source (without <c>${}</c>).</summary>
    public string Expression { get; }
}

/// <summary>An expression does not parse.</summary>
public sealed class ExpressionSyntaxException(string expression, string message, Exception? inner = null)
    : ExpressionException(expression, message, inner);
