namespace HelpBuilder;

// dotnet HelpBuilder.dll --source docs/help --output out/en-US/ZscalerScim.PowerShell.dll-Help.xml
// Reads the PlatyPS cmdlet pages in --source, validates them, writes one MAML file, and copies
// about_*.md topics beside it as about_*.help.txt (about_ text form, SEE ALSO checked). Exit 0 ok, 1 doc errors, 2 bad usage or I/O.
internal static class Program
{
    private const string Usage = "usage: HelpBuilder --source <folder of PlatyPS .md> --output <path>/en-US/<Module>.dll-Help.xml";

    private static int Main(string[] args)
    {
        string? source = null, output = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--source": source = args[i + 1]; break;
                case "--output": output = args[i + 1]; break;
                default: source = output = null; i = args.Length; break;
            }
        }
        if (source is null || output is null || args.Length != 4)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (!Directory.Exists(source))
        {
            Console.Error.WriteLine($"error: source folder '{source}' does not exist");
            return 2;
        }

        var diagnostics = new Diagnostics(Console.Error);
        var reader = new MarkdownReader(diagnostics);
        var commands = new List<CommandDoc>();
        var aboutTopics = new List<string>();
        // Ordinal order keeps the output identical from one machine to the next.
        foreach (var path in Directory.GetFiles(source, "*.md").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                aboutTopics.Add(path);
            else if (reader.Read(path) is { } doc)
                commands.Add(doc);
        }

        if (commands.Count == 0)
            Console.Error.WriteLine($"error: no PlatyPS cmdlet page (schema: 2.0.0) in '{source}'");
        DocValidator.Validate(commands, Path.GetFileName(output), diagnostics);
        if (commands.Count == 0 || diagnostics.ErrorCount > 0)
        {
            Console.Error.WriteLine($"error: help not written ({diagnostics.ErrorCount} error(s))");
            return 1;
        }

        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
            Directory.CreateDirectory(folder);
            MamlWriter.Write(commands, output);
            var names = commands.Select(c => c.Name).ToList();
            foreach (var path in aboutTopics)
                AboutTopic.Write(path, folder, names, diagnostics);
            if (diagnostics.ErrorCount > 0)
            {
                Console.Error.WriteLine($"error: help not complete ({diagnostics.ErrorCount} error(s))");
                return 1;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        Console.WriteLine($"Wrote {commands.Count} commands to {output}");
        return 0;
    }
}
