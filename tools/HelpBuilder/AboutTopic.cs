using Markdig.Extensions.Yaml;

namespace HelpBuilder;

// about_X.md becomes about_X.help.txt beside the MAML file, where Get-Help about_X looks.
// The text stays as written (conceptual help is plain text); only the front matter goes.
internal static class AboutTopic
{
    public static void Copy(string path, string folder)
    {
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (MarkdownReader.Parse(text).FirstOrDefault() is YamlFrontMatterBlock front)
            text = text[Math.Min(text.Length, front.Span.End + 1)..].TrimStart('\n');
        var name = Path.GetFileNameWithoutExtension(path) + ".help.txt";
        File.WriteAllText(Path.Combine(folder, name), text);
    }
}
