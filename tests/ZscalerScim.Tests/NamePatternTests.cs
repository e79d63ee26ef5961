using System.Management.Automation;
using ZscalerScim.Internal;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>Names given to parameters that document wildcards: * and ? only; brackets literal; escapes as PowerShell writes them.</summary>
public class NamePatternTests
{
    [Theory]
    [InlineData("Sales [EU]", "Sales [EU]", true)]
    [InlineData("Sales [EU]", "Sales E", false)]
    [InlineData("sales [eu]", "Sales [EU]", true)]
    [InlineData("Sales*", "Sales [EU]", true)]
    [InlineData("*[EU]", "Sales [EU]", true)]
    [InlineData("*[EU]", "Sales E", false)]
    [InlineData("dev?@acme.example", "dev1@acme.example", true)]
    [InlineData("o`brien@acme.example", "o`brien@acme.example", true)]
    public void MatchesOnlyStarAndQuestionMarkAsWildcards(string given, string name, bool match) =>
        Assert.Equal(match, NamePattern.Parse(given).IsMatch(name));

    [Theory]
    [InlineData("Sales [EU]")]
    [InlineData("Sales *")]
    [InlineData("what?")]
    [InlineData("back`tick")]
    public void AnEscapedNameIsLiteral(string name)
    {
        NamePattern pattern = NamePattern.Parse(WildcardPattern.Escape(name));
        Assert.False(pattern.IsWildcard);
        Assert.Equal(name, pattern.Literal);
    }
}
