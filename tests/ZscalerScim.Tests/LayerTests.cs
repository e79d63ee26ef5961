using System.Text.RegularExpressions;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>
/// The layers of docs/ARCHITECTURE.md, enforced on the source: cmdlets bind, call one service and write; models are
/// plain output types that know no wire names.
/// </summary>
public class LayerTests
{
    private static readonly string Source = Path.Combine(RepositoryRoot(), "src", "ZscalerScim.PowerShell");

    private static string RepositoryRoot()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZscalerScim.psd1")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new DirectoryNotFoundException("The repository root (with ZscalerScim.psd1) was not found above " + AppContext.BaseDirectory);
    }

    // The code of a file without its comments, so that a comment may say "PUT" or "/Users".
    private static IEnumerable<(string File, int Line, string Text)> Code(string folder) =>
        Directory.GetFiles(Path.Combine(Source, folder), "*.cs").SelectMany(file => File.ReadAllLines(file)
            .Select((text, i) => (Path.GetFileName(file), i + 1, Regex.Replace(text, @"//.*$", string.Empty))))
            .Where(l => !l.Item3.TrimStart().StartsWith("using ", StringComparison.Ordinal));

    public static TheoryData<string, string> CommandRules => new()
    {
        { "an HTTP method", @"\bHttpMethod\b" },
        { "a JSON body", @"\bJ(Object|Array|Token|Value)\b" },
        { "a URL", @"new\s+Uri\s*\(" },
        { "a wire name", @"\b(Zia|Idp|Scim|Okta|Graph|ZIdentity)Wire\." },
        { "an HTTP pipeline", @"\bnew\s+HttpPipeline\b|HttpClientFactory\." },
        { "a raw call", @"\b(ScimClient|IdentityProviders)\.SendAsync\b|\bsession\.(Send|Get)Async\b" },
    };

    [Theory]
    [MemberData(nameof(CommandRules))]
    public void NoCmdletBuildsARequest(string what, string pattern)
    {
        string[] found = Code("Commands").Where(l => Regex.IsMatch(l.Text, pattern)).Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToArray();
        Assert.True(found.Length == 0, $"Cmdlets only bind, call a service and write; these build {what}:\n{string.Join("\n", found)}");
    }

    [Fact]
    public void ModelsKnowNoWireNames()
    {
        string[] found = Code("Models").Where(l => Regex.IsMatch(l.Text, @"\b(Zia|Idp|Scim|Okta|Graph|ZIdentity)Wire\.|\[""[a-zA-Z]+""\]")).Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToArray();
        Assert.True(found.Length == 0, $"Models are filled by the services; these read the wire:\n{string.Join("\n", found)}");
    }

    [Fact]
    public void EveryPublicTypeIsInTheModuleNamespace()
    {
        string[] found = Directory.GetFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Commands{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"^public\s", RegexOptions.Multiline) && !Regex.IsMatch(File.ReadAllText(f), @"^namespace ZscalerScim;", RegexOptions.Multiline))
            .Select(Path.GetFileName).ToArray()!;
        Assert.True(found.Length == 0, $"Public types belong to namespace ZscalerScim (cmdlets excepted): {string.Join(", ", found)}");
    }
}
