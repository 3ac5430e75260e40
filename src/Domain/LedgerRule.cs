using System.Linq.Expressions;

namespace Zzut.Workflows.Domain;

/// <summary>
/// A rule about a row written once as an expression: a record checks itself with it (compiled once), and a ledger
/// query selects the rows it holds for (translated to SQL). So "due", "overdue" and the like mean the same in the
/// scans, the compliance overview and the records.
/// </summary>
/// <typeparam name="TRecord">The row type.</typeparam>
/// <typeparam name="TArg">What the rule is judged against, e.g. a date.</typeparam>
public sealed class LedgerRule<TRecord, TArg>
{
    private readonly Func<TRecord, TArg, bool> compiled;

    /// <summary>Creates the rule.</summary>
    public LedgerRule(Expression<Func<TRecord, TArg, bool>> rule)
    {
        Rule = rule;
        compiled = rule.Compile();
    }

    /// <summary>The rule as written.</summary>
    public Expression<Func<TRecord, TArg, bool>> Rule { get; }

    /// <summary>Whether the row satisfies the rule.</summary>
    public bool IsSatisfiedBy(TRecord record, TArg argument) => compiled(record, argument);

    /// <summary>The rule for one argument, as a filter a query can translate (the argument becomes a query parameter).</summary>
    public Expression<Func<TRecord, bool>> For(TArg argument)
    {
        var holder = Expression.Property(Expression.Constant(new Holder(argument)), nameof(Holder.Value));
        var body = new Substitution(Rule.Parameters[1], holder).Visit(Rule.Body);
        return Expression.Lambda<Func<TRecord, bool>>(body, Rule.Parameters[0]);
    }

    private sealed class Holder(TArg value)
    {
        public TArg Value { get; } = value;
    }

    private sealed class Substitution(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : node;
    }
}

/// <summary>A span of dates, both ends included.</summary>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
public readonly record struct DateWindow(DateOnly From, DateOnly To);
