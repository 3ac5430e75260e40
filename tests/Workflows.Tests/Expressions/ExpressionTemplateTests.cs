using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Expressions;

namespace Zzut.Workflows.Tests.Expressions;

/// <summary>Splitting texts into literals and <c>${…}</c> expressions.</summary>
public sealed class ExpressionTemplateTests
{
    private readonly JintExpressionEvaluator evaluator = new(new FakeTimeProvider());
    private readonly Dictionary<string, JsonNode?> vars = new() { ["unit"] = JsonValue.Create("jsj"), ["level"] = JsonValue.Create(3) };

    [Test]
    public void LiteralTextStaysText()
    {
        var template = ExpressionTemplate.Parse("role:center");
        Assert.That(template.IsLiteral, Is.True);
        Assert.That(template.Evaluate(evaluator, vars)!.GetValue<string>(), Is.EqualTo("role:center"));
    }

    [Test]
    public void SingleExpressionKeepsItsType()
    {
        var template = ExpressionTemplate.Parse("  ${level * 2} ");
        Assert.That(template.IsSingleExpression, Is.True);
        Assert.That(template.Evaluate(evaluator, vars)!.GetValue<long>(), Is.EqualTo(6));
    }

    [Test]
    public void MixedTextRendersEachExpression()
    {
        var template = ExpressionTemplate.Parse("unit:${unit}, level ${level}");
        Assert.That(template.IsSingleExpression, Is.False);
        Assert.That(template.Expressions, Is.EqualTo(new[] { "unit", "level" }));
        Assert.That(template.Evaluate(evaluator, vars)!.GetValue<string>(), Is.EqualTo("unit:jsj, level 3"));
    }

    [TestCase("${ {a:1}.a }", "{a:1}.a")]
    [TestCase("${ \"}\" + unit }", "\"}\" + unit")]
    [TestCase("${ `x}${unit}` }", "`x}${unit}`")]
    [TestCase("${ '\\'}' }", "'\\'}'")]
    public void BracesInsideObjectsAndStringsDoNotCloseTheExpression(string text, string expected) =>
        Assert.That(ExpressionTemplate.Parse(text).Expressions.Single(), Is.EqualTo(expected));

    [TestCase("${unit")]
    [TestCase("text ${ 'a' ")]
    [TestCase("${}")]
    public void UnclosedOrEmptyExpressionsAreSyntaxErrors(string text) =>
        Assert.Throws<ExpressionSyntaxException>(() => ExpressionTemplate.Parse(text));
}
