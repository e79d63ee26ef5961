using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HelpBuilder;

// Reads one PlatyPS v1 (schema 2.0.0) cmdlet page into a CommandDoc by walking Markdig's AST:
// '## ' headings are sections, '### ' headings their entries (examples, parameters, types).
internal sealed partial class MarkdownReader(Diagnostics diagnostics)
{
    private static readonly MarkdownPipeline Pipeline =
        new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().Build();

    // Keys PlatyPS writes in a parameter's yaml block; anything else is likely a typo.
    private static readonly HashSet<string> KnownYamlKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value",
        "Accept pipeline input", "Accept wildcard characters", "Applicable",
    };

    [GeneratedRegex(@"^[A-Za-z]+-[A-Za-z0-9]+$")]
    private static partial Regex VerbNoun();

    // A -Name token in a SYNTAX code line: after '[' or a space, so Verb-Noun itself never matches.
    [GeneratedRegex(@"(?<=[\[\s])-([A-Za-z][A-Za-z0-9]*)")]
    private static partial Regex SyntaxParameter();

    public static MarkdownDocument Parse(string text) => Markdown.Parse(text, Pipeline);

    // PlatyPS front matter is flat "key: value" lines, so no YAML library is needed.
    public static Dictionary<string, string> FrontMatter(MarkdownDocument document)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (document.FirstOrDefault() is YamlFrontMatterBlock block)
        {
            foreach (var line in Lines(block))
            {
                var colon = line.IndexOf(':');
                if (colon > 0)
                    values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }
        return values;
    }

    public CommandDoc? Read(string path)
    {
        var source = File.ReadAllText(path).ReplaceLineEndings("\n");
        var document = Parse(source);
        var front = FrontMatter(document);
        if (front.ContainsKey("Module Guid"))
            return null; // PlatyPS's module landing page: nothing for Get-Help
        if (front.GetValueOrDefault("schema") != "2.0.0")
        {
            diagnostics.Warning(path, 0, "skipped: front matter has no 'schema: 2.0.0' (not a PlatyPS cmdlet page)");
            return null;
        }

        var title = document.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
        var name = title is null ? "" : PlainText.Inline(title.Inline);
        if (!VerbNoun().IsMatch(name))
        {
            diagnostics.Error(path, title is null ? 0 : LineOf(title), "has 'schema: 2.0.0' but no '# Verb-Noun' title");
            return null;
        }

        var doc = new CommandDoc
        {
            SourcePath = path,
            Name = name,
            ExternalHelpFile = front.GetValueOrDefault("external help file"),
            OnlineVersion = front.GetValueOrDefault("online version"),
        };

        foreach (var (heading, body) in Split(document, 2))
        {
            if (heading is null)
                continue; // front matter and title
            var section = PlainText.Inline(heading.Inline).ToUpperInvariant();
            if (!doc.Sections.Add(section))
                diagnostics.Warning(path, LineOf(heading), $"'## {section}' appears twice; contents merged");
            switch (section)
            {
                case "SYNOPSIS": doc.Synopsis.AddRange(PlainText.Paragraphs(body, source)); break;
                case "SYNTAX": ReadSyntax(doc, body); break;
                case "DESCRIPTION": doc.Description.AddRange(PlainText.Paragraphs(body, source)); break;
                case "EXAMPLES": ReadExamples(doc, body, source); break;
                case "PARAMETERS": ReadParameters(doc, body, source); break;
                case "INPUTS": ReadTypes(doc, doc.Inputs, body, source); break;
                case "OUTPUTS": ReadTypes(doc, doc.Outputs, body, source); break;
                case "NOTES": doc.Notes.AddRange(PlainText.Paragraphs(body, source)); break;
                case "RELATED LINKS": ReadLinks(doc, body); break;
                default:
                    diagnostics.Warning(path, LineOf(heading), $"unknown section '## {section}' ignored");
                    break;
            }
        }
        return doc;
    }

    private static void ReadSyntax(CommandDoc doc, List<Block> body)
    {
        foreach (var (heading, blocks) in Split(body, 3))
        {
            if (heading is not null)
            {
                // PlatyPS: "### SetName (Default)", or "### __AllParameterSets" when there is one set.
                var set = PlainText.Inline(heading.Inline).Replace("(Default)", "", StringComparison.OrdinalIgnoreCase).Trim();
                if (set != "__AllParameterSets")
                    doc.SyntaxSetNames.Add(set);
            }
            foreach (var code in blocks.OfType<CodeBlock>())
                foreach (Match m in SyntaxParameter().Matches(PlainText.CodeText(code)))
                    doc.SyntaxParameterNames.Add(m.Groups[1].Value);
        }
    }

    private void ReadExamples(CommandDoc doc, List<Block> body, string source)
    {
        foreach (var (heading, blocks) in Split(body, 3))
        {
            if (heading is null)
            {
                WarnIgnored(doc, blocks, source, "EXAMPLES");
                continue;
            }
            var example = new ExampleDoc { Title = PlainText.Inline(heading.Inline), Line = LineOf(heading) };
            // Text before the first code block introduces it; text after it is the remarks.
            foreach (var block in blocks)
            {
                if (block is CodeBlock code)
                    example.Code.Add(PlainText.CodeText(code));
                else
                    (example.Code.Count == 0 ? example.Introduction : example.Remarks).AddRange(PlainText.Paragraphs([block], source));
            }
            doc.Examples.Add(example);
        }
    }

    private void ReadParameters(CommandDoc doc, List<Block> body, string source)
    {
        foreach (var (heading, blocks) in Split(body, 3))
        {
            if (heading is null)
            {
                WarnIgnored(doc, blocks, source, "PARAMETERS");
                continue;
            }
            var name = PlainText.Inline(heading.Inline).TrimStart('-').Trim();
            if (name.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
                continue; // MAML never lists them; Get-Help appends [<CommonParameters>] itself
            var parameter = new ParameterDoc { Name = name, Line = LineOf(heading) };
            foreach (var block in blocks)
            {
                if (block is FencedCodeBlock fenced && fenced.Info?.Trim().Equals("yaml", StringComparison.OrdinalIgnoreCase) == true)
                    ReadParameterYaml(doc, parameter, fenced);
                else
                    parameter.Description.AddRange(PlainText.Paragraphs([block], source));
            }
            doc.Parameters.Add(parameter);
        }
    }

    private void ReadParameterYaml(CommandDoc doc, ParameterDoc parameter, FencedCodeBlock block)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = LineOf(block);
        foreach (var line in Lines(block))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
                continue;
            var colon = line.IndexOf(':');
            var key = colon > 0 ? line[..colon].Trim() : line.Trim();
            if (colon <= 0 || !KnownYamlKeys.Contains(key))
            {
                diagnostics.Warning(doc.SourcePath, lineNumber, $"-{parameter.Name}: yaml line '{line.Trim()}' ignored (not a PlatyPS key)");
                continue;
            }
            values[key] = line[(colon + 1)..].Trim();
        }

        var where = $"-{parameter.Name} yaml block";
        var blockLine = LineOf(block);
        if (parameter.Usages.Count == 0)
        {
            parameter.Type = NullIfEmpty(values.GetValueOrDefault("Type"));
            parameter.Aliases = NullIfEmpty(values.GetValueOrDefault("Aliases")) ?? "none";
            parameter.DefaultValue = NullIfEmpty(values.GetValueOrDefault("Default value")) ?? "None";
            // Kept as written ("True (ByValue, ByPropertyName)"): MAML's pipelineInput is that same text.
            parameter.PipelineInput = NullIfEmpty(values.GetValueOrDefault("Accept pipeline input")) ?? "False";
            parameter.Globbing = ParseBool(doc, blockLine, where, values, "Accept wildcard characters");
            if (NullIfEmpty(values.GetValueOrDefault("Accepted values")) is { } accepted)
                parameter.AcceptedValues.AddRange(accepted.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        IReadOnlyList<string>? sets = null;
        var setsText = NullIfEmpty(values.GetValueOrDefault("Parameter Sets"));
        if (setsText is null)
            diagnostics.Error(doc.SourcePath, blockLine, $"{where} has no 'Parameter Sets:' line");
        else if (setsText != "(All)")
            sets = setsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        var position = NullIfEmpty(values.GetValueOrDefault("Position")) ?? "Named";
        if (position.Equals("Named", StringComparison.OrdinalIgnoreCase))
            position = "named"; // MAML spells it in lower case
        else if (!int.TryParse(position, out _))
            diagnostics.Error(doc.SourcePath, blockLine, $"{where}: Position '{position}' is neither Named nor a number");

        parameter.Usages.Add(new ParameterUsage(sets, ParseBool(doc, blockLine, where, values, "Required"), position));
    }

    private void ReadTypes(CommandDoc doc, List<TypeDoc> types, List<Block> body, string source)
    {
        foreach (var (heading, blocks) in Split(body, 3))
        {
            if (heading is null)
                WarnIgnored(doc, blocks, source, "INPUTS/OUTPUTS (each type needs a '### TypeName' heading)");
            else
                types.Add(new TypeDoc(PlainText.Inline(heading.Inline), PlainText.Paragraphs(blocks, source)));
        }
    }

    // Each paragraph or list item is one link: its markdown links, or else its text as a bare title.
    private static void ReadLinks(CommandDoc doc, List<Block> body)
    {
        var paragraphs = body.SelectMany(b => b is ContainerBlock c ? c.Descendants<ParagraphBlock>() : b is ParagraphBlock p ? [p] : []);
        foreach (var paragraph in paragraphs)
        {
            var links = paragraph.Inline?.Descendants<LinkInline>().Where(l => !l.IsImage).ToList() ?? [];
            if (links.Count == 0 && PlainText.Inline(paragraph.Inline) is { Length: > 0 } text)
                doc.Links.Add(new LinkDoc(text, ""));
            foreach (var link in links)
            {
                // A relative target (another .md page) means nothing in a console: keep only the title.
                var url = link.Url is { } u && Uri.IsWellFormedUriString(u, UriKind.Absolute) ? u : "";
                doc.Links.Add(new LinkDoc(PlainText.Inline(link), url));
            }
        }
    }

    private void WarnIgnored(CommandDoc doc, List<Block> blocks, string source, string section)
    {
        if (blocks.Count > 0 && PlainText.Paragraphs(blocks, source).Count > 0)
            diagnostics.Warning(doc.SourcePath, LineOf(blocks[0]), $"text before the first '### ' entry of {section} ignored");
    }

    private bool ParseBool(CommandDoc doc, int line, string where, Dictionary<string, string> values, string key)
    {
        var text = NullIfEmpty(values.GetValueOrDefault(key)) ?? "False";
        if (bool.TryParse(text, out var value))
            return value;
        diagnostics.Error(doc.SourcePath, line, $"{where}: '{key}: {text}' is not True or False");
        return false;
    }

    // Groups blocks by headings of the given level; the first group (heading null) is what comes before.
    private static List<(HeadingBlock? Heading, List<Block> Body)> Split(IEnumerable<Block> blocks, int level)
    {
        var groups = new List<(HeadingBlock?, List<Block>)> { (null, []) };
        foreach (var block in blocks)
        {
            if (block is HeadingBlock h && h.Level == level)
                groups.Add((h, []));
            else
                groups[^1].Item2.Add(block);
        }
        return groups;
    }

    private static IEnumerable<string> Lines(LeafBlock block) =>
        block.Lines.Lines.Take(block.Lines.Count).Select(l => l.Slice.ToString());

    private static int LineOf(Block block) => block.Line + 1; // Markdig counts from 0

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
