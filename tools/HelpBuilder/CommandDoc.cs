namespace HelpBuilder;

// The model between the markdown reader and the MAML writer: one PlatyPS cmdlet page, already
// reduced to plain-text paragraphs so the writer never sees markdown.
internal sealed class CommandDoc
{
    public required string SourcePath { get; init; }
    public required string Name { get; init; }
    public string Verb => Name[..Name.IndexOf('-')];
    public string Noun => Name[(Name.IndexOf('-') + 1)..];

    public string? ExternalHelpFile { get; set; }
    public string? OnlineVersion { get; set; }

    // '## ' headings seen, so the validator can tell "missing" from "empty".
    public HashSet<string> Sections { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Synopsis { get; } = [];
    public List<string> Description { get; } = [];

    // From the human SYNTAX section: '### SetName' order, and the -Names its code blocks mention
    // (only cross-checked; the MAML syntax is built from the parameters' yaml).
    public List<string> SyntaxSetNames { get; } = [];
    public List<string> SyntaxParameterNames { get; } = [];

    public List<ExampleDoc> Examples { get; } = [];
    public List<ParameterDoc> Parameters { get; } = [];
    public List<TypeDoc> Inputs { get; } = [];
    public List<TypeDoc> Outputs { get; } = [];
    public List<string> Notes { get; } = [];
    public List<LinkDoc> Links { get; } = [];
}

internal sealed class ExampleDoc
{
    public required string Title { get; init; }
    public required int Line { get; init; }
    public List<string> Introduction { get; } = [];
    public List<string> Code { get; } = [];
    public List<string> Remarks { get; } = [];
}

internal sealed class ParameterDoc
{
    public required string Name { get; init; }
    public required int Line { get; init; }
    public List<string> Description { get; } = [];

    // One entry per ```yaml block: PlatyPS writes a second block when Required/Position differ
    // between parameter sets.
    public List<ParameterUsage> Usages { get; } = [];

    // Set-independent values, taken from the first yaml block.
    public string? Type { get; set; }
    public string Aliases { get; set; } = "none";
    public string DefaultValue { get; set; } = "None";
    public string PipelineInput { get; set; } = "False";
    public bool Globbing { get; set; }
    public List<string> AcceptedValues { get; } = [];

    public bool IsSwitch => Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";
}

// Sets == null means "(All)": the parameter is in every parameter set.
internal sealed record ParameterUsage(IReadOnlyList<string>? Sets, bool Required, string Position)
{
    public bool AppliesTo(string set) =>
        Sets is null || Sets.Contains(set, StringComparer.OrdinalIgnoreCase);
}

internal sealed record TypeDoc(string Name, List<string> Description);

internal sealed record LinkDoc(string Text, string Uri);
