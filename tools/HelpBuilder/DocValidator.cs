namespace HelpBuilder;

// Refuses help that would show up empty or wrong in Get-Help: missing sections, examples without
// code, undocumented parameters, and PlatyPS "{{ Fill ... }}" placeholders left in.
internal static class DocValidator
{
    public static void Validate(IReadOnlyList<CommandDoc> docs, string outputFileName, Diagnostics diagnostics)
    {
        foreach (var group in docs.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            foreach (var doc in group.Skip(1))
                diagnostics.Error(doc.SourcePath, 0, $"{doc.Name} is also documented in {group.First().SourcePath}");

        foreach (var doc in docs)
            Validate(doc, outputFileName, diagnostics);
    }

    private static void Validate(CommandDoc doc, string outputFileName, Diagnostics diagnostics)
    {
        var file = doc.SourcePath;
        void Error(int line, string message) => diagnostics.Error(file, line, message);
        void Warning(int line, string message) => diagnostics.Warning(file, line, message);

        RequireText(doc, "SYNOPSIS", doc.Synopsis, diagnostics);
        RequireText(doc, "DESCRIPTION", doc.Description, diagnostics);

        if (doc.Examples.Count == 0)
            Error(0, "no example: EXAMPLES needs at least one '### Example 1: ...' with a code block");
        foreach (var example in doc.Examples)
        {
            if (example.Code.Count == 0)
                Error(example.Line, $"example '{example.Title}' has no code block");
            CheckPlaceholders(example.Introduction.Concat(example.Code).Concat(example.Remarks), $"example '{example.Title}'", example.Line, diagnostics, file);
        }

        foreach (var parameter in doc.Parameters)
        {
            if (parameter.Description.Count == 0)
                Error(parameter.Line, $"parameter -{parameter.Name} has no description");
            CheckPlaceholders(parameter.Description, $"parameter -{parameter.Name}", parameter.Line, diagnostics, file);
            if (parameter.Usages.Count == 0)
                Error(parameter.Line, $"parameter -{parameter.Name} has no ```yaml block (Type, Parameter Sets, Required, Position, ...)");
            else if (parameter.Type is null)
                Error(parameter.Line, $"parameter -{parameter.Name} yaml block has no 'Type:' line");
        }

        foreach (var group in doc.Parameters.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            Error(group.Last().Line, $"parameter -{group.Key} is documented twice");

        foreach (var type in doc.Inputs.Concat(doc.Outputs))
            CheckPlaceholders([type.Name, .. type.Description], "INPUTS/OUTPUTS", 0, diagnostics, file);
        CheckPlaceholders(doc.Notes, "NOTES", 0, diagnostics, file);

        // Drift between the human SYNTAX block and the documented parameters is worth a warning:
        // the MAML syntax follows PARAMETERS, so a stale SYNTAX block would mislead only readers of the .md.
        var documented = doc.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in doc.SyntaxParameterNames.Distinct(StringComparer.OrdinalIgnoreCase).Where(n => !documented.Contains(n)))
            Warning(0, $"SYNTAX mentions -{name}, which PARAMETERS does not document");
        var inSyntax = doc.SyntaxParameterNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in doc.Parameters.Where(p => doc.SyntaxParameterNames.Count > 0 && !inSyntax.Contains(p.Name)))
            Warning(parameter.Line, $"-{parameter.Name} is documented but missing from the SYNTAX code block");

        var knownSets = doc.SyntaxSetNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in doc.Parameters)
            foreach (var set in parameter.Usages.SelectMany(u => u.Sets ?? []).Where(s => knownSets.Count > 0 && !knownSets.Contains(s)))
                Warning(parameter.Line, $"-{parameter.Name} names parameter set '{set}', which SYNTAX has no '### {set}' heading for");

        if (doc.ExternalHelpFile is { Length: > 0 } helpFile && !helpFile.Equals(outputFileName, StringComparison.OrdinalIgnoreCase))
            Warning(0, $"front matter says 'external help file: {helpFile}' but the output is {outputFileName}");
    }

    private static void RequireText(CommandDoc doc, string section, List<string> paras, Diagnostics diagnostics)
    {
        if (!doc.Sections.Contains(section))
            diagnostics.Error(doc.SourcePath, 0, $"missing '## {section}' section");
        else if (paras.Count == 0)
            diagnostics.Error(doc.SourcePath, 0, $"'## {section}' has no text");
        else
            CheckPlaceholders(paras, section, 0, diagnostics, doc.SourcePath);
    }

    private static void CheckPlaceholders(IEnumerable<string> texts, string where, int line, Diagnostics diagnostics, string file)
    {
        // PlatyPS stubs read "{{ Fill ... }}" or "{{ Add ... }}"; plain "{{" can be real PowerShell.
        if (texts.Any(t => t.Contains("{{ Fill", StringComparison.Ordinal) || t.Contains("{{ Add", StringComparison.Ordinal)))
            diagnostics.Error(file, line, $"{where} still holds a PlatyPS '{{{{ Fill ... }}}}' placeholder");
    }
}
