using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>
/// The folder graph of the module, computed from its code with Roslyn, against the one list of layer rules: the
/// "Folders" table of docs/ARCHITECTURE.md. A file in folder A depends on folder B when it imports B's namespace or
/// names a type or a member declared in B. No two folders may depend on each other, each dependency must be one the
/// table allows, and the table must name every folder.
/// </summary>
public class FolderGraphTests
{
    private static readonly string Root = RepositoryRoot();
    private static readonly string Source = Path.Combine(Root, "src", "ZscalerScim.PowerShell");
    internal static readonly Lazy<Graph> Computed = new(Compute);

    private static string RepositoryRoot()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZscalerScim.psd1")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new DirectoryNotFoundException("The repository root (with ZscalerScim.psd1) was not found above " + AppContext.BaseDirectory);
    }

    internal sealed record Graph(SortedSet<string> Folders, Dictionary<(string From, string To), List<string>> Edges, IReadOnlyList<(string File, string Why)> Http);

    private static string FolderOf(string path)
    {
        string relative = Path.GetRelativePath(Source, path);
        int slash = relative.IndexOfAny(new[] { '/', '\\' });
        return slash < 0 ? "(root)" : relative.Substring(0, slash);
    }

    private static Graph Compute()
    {
        string[] files = Directory.GetFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => FolderOf(f) is not ("obj" or "bin")).ToArray();
        SyntaxTree[] trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), f)).ToArray();
        // The module's own references at run time: the framework, PowerShell and Newtonsoft.Json.
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        MetadataReference[] references = platform
            .Concat(new[] { typeof(System.Management.Automation.PSObject).Assembly.Location, typeof(Newtonsoft.Json.Linq.JToken).Assembly.Location })
            .Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
        CSharpCompilation compilation = CSharpCompilation.Create("FolderGraph", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).ToArray();
        Assert.True(errors.Length == 0, "The module's source must compile for its graph to be read:\n" + string.Join("\n", errors.Select(e => e.ToString())));

        // Which folder declares each namespace other than the shared ZscalerScim (one folder per namespace).
        Dictionary<string, string> namespaces = new(StringComparer.Ordinal);
        foreach (SyntaxTree tree in trees)
        {
            foreach (BaseNamespaceDeclarationSyntax ns in tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            {
                namespaces[ns.Name.ToString()] = FolderOf(tree.FilePath);
            }
        }

        SortedSet<string> folders = new(files.Select(FolderOf), StringComparer.Ordinal);
        Dictionary<(string, string), List<string>> edges = new();
        List<(string, string)> http = new();
        void Add(string from, string to, string why)
        {
            if (from == to)
            {
                return;
            }
            if (!edges.TryGetValue((from, to), out List<string>? list))
            {
                edges[(from, to)] = list = new List<string>();
            }
            list.Add(why);
        }

        foreach (SyntaxTree tree in trees)
        {
            string from = FolderOf(tree.FilePath);
            string file = from + "/" + Path.GetFileName(tree.FilePath);
            SemanticModel model = compilation.GetSemanticModel(tree);
            SyntaxNode root = tree.GetRoot();
            foreach (UsingDirectiveSyntax import in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
            {
                if (import.Name?.ToString() is { } name && name.StartsWith("ZscalerScim.", StringComparison.Ordinal) && namespaces.TryGetValue(name, out string? to))
                {
                    Add(from, to, $"{file}: using {name}");
                }
            }
            foreach (SimpleNameSyntax name in root.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Ancestors().Any(a => a is UsingDirectiveSyntax || (a is BaseNamespaceDeclarationSyntax ns && ns.Name.Span.Contains(name.Span))))
                {
                    continue;
                }
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol ?? model.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                if (symbol is IMethodSymbol { ReducedFrom: { } extension })
                {
                    symbol = extension;
                }
                INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                while (type?.ContainingType is { } outer)
                {
                    type = outer;
                }
                if (type?.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree.FilePath is { Length: > 0 } declared)
                {
                    Add(from, FolderOf(declared), $"{file}: {name.Identifier.Text} ({type.Name})");
                }
                if (from == "Commands" && (type?.ContainingNamespace?.ToDisplayString() == "System.Net.Http"))
                {
                    http.Add((file, $"names {type.Name}"));
                }
            }
            if (from == "Commands")
            {
                // A URL path or address in a cmdlet: a string literal that starts with "/" and a letter, or has "://".
                foreach (LiteralExpressionSyntax literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>().Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)))
                {
                    if (Regex.IsMatch(literal.Token.ValueText, @"^/[A-Za-z]|://"))
                    {
                        http.Add((file, $"the URL {literal.Token.Text}"));
                    }
                }
            }
        }
        return new Graph(folders, edges, http);
    }

    /// <summary>The layer rules: each row of the "Folders" table of docs/ARCHITECTURE.md, as folder and the folders it may use.</summary>
    private static Dictionary<string, SortedSet<string>> Rules()
    {
        string page = File.ReadAllText(Path.Combine(Root, "docs", "ARCHITECTURE.md"));
        Match section = Regex.Match(page, @"(?ms)^## Folders\s*$(.*?)(?=^## |\z)");
        Assert.True(section.Success, "docs/ARCHITECTURE.md has no '## Folders' section with the table of layer rules.");
        Dictionary<string, SortedSet<string>> rules = new(StringComparer.Ordinal);
        foreach (Match row in Regex.Matches(section.Groups[1].Value, @"(?m)^\|\s*`(?<folder>[A-Za-z]+)/`\s*\|(?<cells>.*)\|\s*$"))
        {
            string[] cells = row.Groups["cells"].Value.Split('|');
            string mayUse = cells[^1];
            rules[row.Groups["folder"].Value] = new SortedSet<string>(
                Regex.Matches(mayUse, @"`([A-Za-z]+)/`").Select(m => m.Groups[1].Value), StringComparer.Ordinal);
        }
        Assert.True(rules.Count > 0, "The '## Folders' section of docs/ARCHITECTURE.md has no rows of the form | `Folder/` | what it holds | `Other/`, ... |.");
        return rules;
    }

    private static string Describe(Graph graph, string from, string to) =>
        $"{from} -> {to}: {string.Join("; ", graph.Edges[(from, to)].Distinct().Take(4))}";

    [Fact]
    public void NoTwoFoldersDependOnEachOther()
    {
        Graph graph = Computed.Value;
        string[] pairs = graph.Edges.Keys.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && graph.Edges.ContainsKey((e.To, e.From)))
            .OrderBy(e => e.From).ThenBy(e => e.To)
            .Select(e => Describe(graph, e.From, e.To) + "\n   " + Describe(graph, e.To, e.From)).ToArray();
        Assert.True(pairs.Length == 0, $"{pairs.Length} two-way folder dependencies:\n" + string.Join("\n", pairs));
    }

    [Fact]
    public void EveryDependencyIsOneTheArchitecturePageAllows()
    {
        Graph graph = Computed.Value;
        Dictionary<string, SortedSet<string>> rules = Rules();
        string[] found = graph.Edges.Keys.Where(e => !rules.TryGetValue(e.From, out SortedSet<string>? allowed) || !allowed.Contains(e.To))
            .OrderBy(e => e.From).ThenBy(e => e.To).Select(e => Describe(graph, e.From, e.To)).ToArray();
        Assert.True(found.Length == 0, "Dependencies that the 'May use' column of docs/ARCHITECTURE.md does not allow:\n" + string.Join("\n", found));
    }

    [Fact]
    public void TheArchitecturePageNamesEveryFolderAndNoOther()
    {
        Dictionary<string, SortedSet<string>> rules = Rules();
        SortedSet<string> folders = Computed.Value.Folders;
        Assert.True(folders.SetEquals(rules.Keys), $"Folders of the module: {string.Join(", ", folders)}\nRows of docs/ARCHITECTURE.md: {string.Join(", ", rules.Keys.OrderBy(k => k, StringComparer.Ordinal))}");
        string[] unknown = rules.SelectMany(r => r.Value.Where(u => !folders.Contains(u)).Select(u => $"{r.Key} -> {u}")).ToArray();
        Assert.True(unknown.Length == 0, "The page allows folders that do not exist: " + string.Join(", ", unknown));
    }

    [Fact]
    public void TheLayerRulesHaveNoCycle()
    {
        // The rules themselves are a layering: following 'May use' never comes back to where it started.
        Dictionary<string, SortedSet<string>> rules = Rules();
        List<string> cycles = new();
        foreach (string start in rules.Keys)
        {
            Stack<List<string>> paths = new(new[] { new List<string> { start } });
            HashSet<string> seen = new(StringComparer.Ordinal);
            while (paths.Count > 0)
            {
                List<string> path = paths.Pop();
                foreach (string next in rules.TryGetValue(path[^1], out SortedSet<string>? uses) ? uses : new SortedSet<string>())
                {
                    if (next == start)
                    {
                        cycles.Add(string.Join(" -> ", path.Append(next)));
                    }
                    else if (seen.Add(next))
                    {
                        paths.Push(path.Append(next).ToList());
                    }
                }
            }
        }
        Assert.True(cycles.Count == 0, "The 'May use' column of docs/ARCHITECTURE.md has cycles:\n" + string.Join("\n", cycles.Distinct()));
    }

    [Fact]
    public void CmdletsUseNoHttp()
    {
        string[] found = Computed.Value.Http.Select(h => $"{h.File}: {h.Why}").Distinct().ToArray();
        Assert.True(found.Length == 0, "Cmdlets bind, call a service and write; these use HTTP:\n" + string.Join("\n", found));
    }
}
