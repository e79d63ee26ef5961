using System.Text;
using Markdig.Extensions.Yaml;

namespace HelpBuilder;

// about_X.md becomes about_X.help.txt beside the MAML file, where Get-Help about_X looks, in the plain-text
// form of PowerShell's own about topics: "TOPIC", upper-case section titles, text indented by four spaces.
// Its SEE ALSO must name every cmdlet of the module, so that a new cmdlet cannot be left out of it.
internal static class AboutTopic
{
    private const string Indent = "    ";

    public static void Write(string path, string folder, IReadOnlyCollection<string> commands, Diagnostics diagnostics)
    {
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (MarkdownReader.Parse(text).FirstOrDefault() is YamlFrontMatterBlock front)
            text = text[Math.Min(text.Length, front.Span.End + 1)..].TrimStart('\n');
        var file = Path.GetFileName(path);
        var name = Path.GetFileNameWithoutExtension(path);

        var output = new StringBuilder();
        var seeAlso = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var section = string.Empty;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                output.Append("TOPIC\n").Append(Indent).Append(line[2..].Trim()).Append('\n');
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim().ToUpperInvariant();
                output.Append(section).Append('\n');
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                var title = line[4..].Trim();
                output.Append(Indent).Append(title).Append('\n').Append(Indent).Append(new string('-', title.Length)).Append('\n');
            }
            else
            {
                output.Append(line.Length == 0 ? string.Empty : Indent + line).Append('\n');
                if (section == "SEE ALSO" && line.Trim().Length > 0)
                    seeAlso.Add(line.Trim());
            }
        }

        foreach (var missing in commands.Where(c => !seeAlso.Contains(c)))
            diagnostics.Error(file, 0, $"SEE ALSO does not name {missing}: an about topic lists every cmdlet of the module");
        File.WriteAllText(Path.Combine(folder, name + ".help.txt"), output.ToString().TrimEnd('\n') + "\n");
    }
}
